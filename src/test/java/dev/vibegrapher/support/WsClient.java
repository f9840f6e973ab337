package dev.vibegrapher.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A WebSocket client of /ws that keeps every frame it receives, in order. */
public final class WsClient implements AutoCloseable {

  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
  private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
  private final boolean reading;
  private WebSocket socket;

  private WsClient(boolean reading) {
    this.reading = reading;
  }

  public static WsClient connect(RunningApp app) {
    return connect(app, true);
  }

  /** With {@code reading} false the client takes no frame at all: a client that stopped reading. */
  public static WsClient connect(RunningApp app, boolean reading) {
    return connect(app, reading, app.adminToken());
  }

  /** Connects with this bearer in the Authorization header of the upgrade (none when null). */
  public static WsClient connect(RunningApp app, boolean reading, String bearer) {
    WebSocket.Builder builder = CLIENT.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
    if (bearer != null) {
      builder.header("Authorization", "Bearer " + bearer);
    }
    return connect(app, reading, builder);
  }

  /**
   * Connects as a browser does: the bearer beside the dashboard's subprotocol, and the page's
   * origin.
   */
  public static WsClient connectAsBrowser(RunningApp app, String bearer, String origin) {
    WebSocket.Builder builder =
        CLIENT
            .newWebSocketBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .subprotocols("vibegrapher.v1", "bearer." + bearer)
            .header("Origin", origin);
    return connect(app, true, builder);
  }

  private static WsClient connect(RunningApp app, boolean reading, WebSocket.Builder builder) {
    WsClient client = new WsClient(reading);
    URI uri = URI.create(app.uri("/ws").toString().replaceFirst("^http", "ws"));
    client.socket = builder.buildAsync(uri, client.listener()).join();
    return client;
  }

  /**
   * The HTTP status with which the server refused the upgrade, or 101 when it accepted it (the
   * connection is then closed again).
   */
  public static int upgradeStatus(
      RunningApp app, String bearer, String subprotocolBearer, String origin) {
    WebSocket.Builder builder = CLIENT.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
    if (bearer != null) {
      builder.header("Authorization", "Bearer " + bearer);
    }
    if (subprotocolBearer != null) {
      builder.subprotocols("vibegrapher.v1", "bearer." + subprotocolBearer);
    }
    if (origin != null) {
      builder.header("Origin", origin);
    }
    try {
      WsClient client = connect(app, true, builder);
      client.close();
      return 101;
    } catch (java.util.concurrent.CompletionException refused) {
      if (refused.getCause() instanceof java.net.http.WebSocketHandshakeException handshake) {
        return handshake.getResponse().statusCode();
      }
      throw refused;
    }
  }

  /** The subprotocol the server chose ("" for none). */
  public String subprotocol() {
    return socket.getSubprotocol();
  }

  private WebSocket.Listener listener() {
    return new WebSocket.Listener() {
      private final StringBuilder partial = new StringBuilder();

      @Override
      public void onOpen(WebSocket webSocket) {
        if (reading) {
          webSocket.request(1);
        }
      }

      @Override
      public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
          try {
            frames.add(Api.JSON.readTree(partial.toString()));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          partial.setLength(0);
        }
        webSocket.request(1);
        return null;
      }

      @Override
      public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeCode.complete(statusCode);
        return null;
      }

      @Override
      public void onError(WebSocket webSocket, Throwable error) {
        closeCode.complete(-1);
      }
    };
  }

  /** Starts reading after having stopped. */
  public void resumeReading() {
    socket.request(Long.MAX_VALUE);
  }

  public void send(String json) {
    socket.sendText(json, true).join();
  }

  public void subscribe(String projectId) {
    send("{\"type\":\"subscribe\",\"project_id\":\"" + projectId + "\"}");
  }

  public void subscribe(String projectId, long lastSeq) {
    send(
        "{\"type\":\"subscribe\",\"project_id\":\""
            + projectId
            + "\",\"last_seq\":"
            + lastSeq
            + "}");
  }

  /** The next frame, failing the test if none comes within the timeout. */
  public JsonNode next(Duration timeout) {
    try {
      JsonNode frame = frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (frame == null) {
        throw new AssertionError("no frame within " + timeout);
      }
      return frame;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  public JsonNode next() {
    return next(Duration.ofSeconds(10));
  }

  /** The next frame that matches, skipping others (heartbeats, say). */
  public JsonNode nextMatching(Predicate<JsonNode> wanted, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      JsonNode frame = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      if (wanted.test(frame)) {
        return frame;
      }
    }
  }

  public JsonNode nextOfType(String type) {
    return nextMatching(f -> f.path("type").asText().equals(type), Duration.ofSeconds(10));
  }

  /**
   * Collects {@code count} frames of the given project's events (frames with a seq), skipping
   * others.
   */
  public List<JsonNode> events(int count, Duration timeout) {
    List<JsonNode> events = new ArrayList<>();
    while (events.size() < count) {
      events.add(nextMatching(f -> f.has("seq"), timeout));
    }
    return events;
  }

  /**
   * A replay's events, up to the {@code last_seq} its {@code subscribed} frame named. Counting to
   * {@code replayed} would wait for ever when the log is pruned during the replay
   * (docs/realtime.md: pruned events are skipped); a project's newest event is never pruned, so it
   * always arrives.
   */
  public List<JsonNode> replayThrough(long lastSeq, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<JsonNode> events = new ArrayList<>();
    while (events.isEmpty()
        ? lastSeq > 0
        : events.get(events.size() - 1).get("seq").asLong() < lastSeq) {
      events.add(
          nextMatching(
              f -> f.has("seq"), Duration.ofNanos(Math.max(1, deadline - System.nanoTime()))));
    }
    return events;
  }

  /** What arrived and was not yet taken, waiting {@code quiet} for stragglers. */
  public List<JsonNode> drain(Duration quiet) {
    List<JsonNode> rest = new ArrayList<>();
    try {
      JsonNode frame;
      while ((frame = frames.poll(quiet.toMillis(), TimeUnit.MILLISECONDS)) != null) {
        rest.add(frame);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return rest;
  }

  public CompletableFuture<Integer> closeCode() {
    return closeCode;
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      try {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
      } catch (RuntimeException alreadyClosed) {
        // the server ended the connection first
      }
    }
    socket.abort();
  }

  public void abort() {
    socket.abort();
  }
}
