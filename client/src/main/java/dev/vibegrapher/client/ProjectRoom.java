package dev.vibegrapher.client;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A connection to the server's rooms (the WebSocket at /ws): subscribe to projects, from a seq to
 * replay what was missed, and receive their frames, typed, in order, on the WebSocket container's
 * thread. One connection may watch several projects. Closing it ends every subscription.
 */
public final class ProjectRoom implements AutoCloseable {

  /** What a room hands its frames to. */
  @FunctionalInterface
  public interface Listener {

    void onFrame(RoomFrame frame);

    /** The connection closed: 1001 when the server stops, 1008 when the token expired. */
    default void onClose(CloseReason reason) {}

    default void onError(Throwable failure) {}
  }

  private final Session session;

  private ProjectRoom(Session session) {
    this.session = session;
  }

  /**
   * Connects to the server at {@code server} (its root, e.g. http://localhost:8080: the same base
   * as the Rest Client interfaces'), sending the token on the upgrade, with the platform's
   * WebSocket container.
   */
  public static ProjectRoom connect(URI server, Supplier<String> token, Listener listener) {
    return connect(ContainerProvider.getWebSocketContainer(), server, token, listener);
  }

  public static ProjectRoom connect(
      WebSocketContainer container, URI server, Supplier<String> token, Listener listener) {
    ClientEndpointConfig config =
        ClientEndpointConfig.Builder.create()
            .configurator(
                new ClientEndpointConfig.Configurator() {
                  @Override
                  public void beforeRequest(Map<String, List<String>> headers) {
                    new BearerToken(token)
                        .token()
                        .ifPresent(t -> headers.put("Authorization", List.of("Bearer " + t)));
                  }
                })
            .build();
    try {
      return new ProjectRoom(
          container.connectToServer(new Connection(listener), config, webSocketUri(server)));
    } catch (DeploymentException e) {
      throw new IllegalStateException("No WebSocket to " + server + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("No WebSocket to " + server, e);
    }
  }

  /** Live events of the project from now on, after a {@link RoomFrame.Subscribed}. */
  public void subscribe(String projectId) {
    send(message("subscribe").add("project_id", projectId));
  }

  /**
   * Every logged event of the project with a seq above {@code lastSeq}, in order, then live events:
   * no gap, no duplicate. The replay is complete when the event numbered by the {@link
   * RoomFrame.Subscribed}'s lastSeq arrived.
   */
  public void subscribe(String projectId, long lastSeq) {
    send(message("subscribe").add("project_id", projectId).add("last_seq", lastSeq));
  }

  public void unsubscribe(String projectId) {
    send(message("unsubscribe").add("project_id", projectId));
  }

  /** Asks for a {@link RoomFrame.Pong}. */
  public void ping() {
    send(message("ping"));
  }

  public boolean isOpen() {
    return session.isOpen();
  }

  /** The subprotocol the server chose, if any. */
  public Optional<String> subprotocol() {
    return Optional.ofNullable(session.getNegotiatedSubprotocol()).filter(p -> !p.isEmpty());
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonObjectBuilder message(String type) {
    return Json.createObjectBuilder().add("type", type);
  }

  // A basic remote takes one message at a time.
  private synchronized void send(JsonObjectBuilder message) {
    try {
      session.getBasicRemote().sendText(message.build().toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static URI webSocketUri(URI server) {
    String base = server.toString().replaceAll("/+$", "");
    return URI.create(base.replaceFirst("^http", "ws") + "/ws");
  }

  private static final class Connection extends Endpoint {

    private final Listener listener;

    Connection(Listener listener) {
      this.listener = listener;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
      session.addMessageHandler(String.class, text -> listener.onFrame(RoomFrame.parse(text)));
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
      listener.onClose(reason);
    }

    @Override
    public void onError(Session session, Throwable failure) {
      listener.onError(failure);
    }
  }
}
