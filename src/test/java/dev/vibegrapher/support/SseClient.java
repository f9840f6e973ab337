package dev.vibegrapher.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A Server-Sent Events client: each event as {id, event, data}, in order. */
public final class SseClient implements AutoCloseable {

  public record Event(String id, String event, JsonNode data) {}

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final InputStream body;
  private final Thread reader;
  private final int status;

  private SseClient(HttpResponse<InputStream> response) {
    this.status = response.statusCode();
    this.body = response.body();
    this.reader = new Thread(this::read, "sse-client");
    reader.setDaemon(true);
    reader.start();
  }

  public static SseClient open(RunningApp app, String path, String lastEventId) {
    return open(app, path, lastEventId, app.adminToken());
  }

  /** Opens the stream with this bearer (none when null). */
  public static SseClient open(RunningApp app, String path, String lastEventId, String bearer) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(app.uri(path)).header("Accept", "text/event-stream");
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    try {
      return new SseClient(CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public int status() {
    return status;
  }

  private void read() {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      String id = null;
      String event = null;
      StringBuilder data = new StringBuilder();
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.isEmpty()) {
          if (data.length() > 0) {
            events.add(new Event(id, event, Api.JSON.readTree(data.toString())));
          }
          id = null;
          event = null;
          data.setLength(0);
        } else if (line.startsWith("id:")) {
          id = line.substring(3).strip();
        } else if (line.startsWith("event:")) {
          event = line.substring(6).strip();
        } else if (line.startsWith("data:")) {
          data.append(line.substring(5).strip());
        }
      }
    } catch (IOException e) {
      // closed
    }
  }

  public Event next(String eventName) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    try {
      while (true) {
        Event event = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (event == null) {
          throw new AssertionError("no " + eventName + " event in time");
        }
        if (eventName == null || eventName.equals(event.event())) {
          return event;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    try {
      body.close();
    } catch (IOException e) {
      // already closed
    }
  }
}
