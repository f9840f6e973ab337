package dev.vibegrapher.realtime.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibegrapher.client.EventsApi;
import dev.vibegrapher.client.project.CreateProjectRequest;
import dev.vibegrapher.client.realtime.PublishEventRequest;
import dev.vibegrapher.support.AcrossDatabases;
import dev.vibegrapher.support.Api;
import dev.vibegrapher.support.Flavor;
import dev.vibegrapher.support.RunningApp;
import dev.vibegrapher.support.SharedApps;
import dev.vibegrapher.support.WsClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** WebSocket project rooms against the running app, with real clients over the network. */
class RealtimeIT {

  static String newProject(Api api) {
    return api.client()
        .projects()
        .create(new CreateProjectRequest("rt " + UUID.randomUUID(), null, null))
        .id();
  }

  static void publish(Api api, String projectId, int n) {
    publish(api.client().events(), projectId, n);
  }

  static void publish(EventsApi events, String projectId, int n) {
    events.publish(
        projectId,
        new PublishEventRequest("conversation_message", Map.of("n", n, "text", "message " + n)));
  }

  static List<Long> seqs(List<JsonNode> frames) {
    return frames.stream().map(f -> f.get("seq").asLong()).toList();
  }

  static List<Long> range(long from, long to) {
    List<Long> seqs = new ArrayList<>();
    for (long s = from; s <= to; s++) {
      seqs.add(s);
    }
    return seqs;
  }

  @AcrossDatabases
  void subscribersOfAProjectGetIdenticalFramesInOrderAndOthersNothing(Flavor flavor) {
    RunningApp app = SharedApps.of(flavor);
    Api api = app.api();
    String project = newProject(api);
    String other = newProject(api);
    try (WsClient first = WsClient.connect(app);
        WsClient second = WsClient.connect(app);
        WsClient outsider = WsClient.connect(app)) {
      first.subscribe(project);
      second.subscribe(project);
      outsider.subscribe(other);
      for (WsClient client : List.of(first, second, outsider)) {
        JsonNode subscribed = client.nextOfType("subscribed");
        assertEquals(0, subscribed.get("data").get("last_seq").asLong());
      }

      EventsApi events = api.client().events();
      for (int n = 1; n <= 20; n++) {
        publish(events, project, n);
      }
      List<JsonNode> firstFrames = first.events(20, Duration.ofSeconds(10));
      List<JsonNode> secondFrames = second.events(20, Duration.ofSeconds(10));
      assertEquals(firstFrames, secondFrames);
      assertEquals(range(1, 20), seqs(firstFrames));
      JsonNode frame = firstFrames.get(4);
      assertEquals("conversation_message", frame.get("type").asText());
      assertEquals(project, frame.get("project_id").asText());
      assertEquals(5, frame.get("data").get("n").asInt());
      assertTrue(
          outsider.drain(Duration.ofMillis(500)).stream().noneMatch(f -> f.has("seq")),
          "another project's client receives nothing");

      second.send("{\"type\":\"unsubscribe\",\"project_id\":\"" + project + "\"}");
      second.nextOfType("unsubscribed");
      publish(api, project, 21);
      assertEquals(21, first.events(1, Duration.ofSeconds(10)).get(0).get("seq").asLong());
      assertTrue(
          second.drain(Duration.ofMillis(500)).stream().noneMatch(f -> f.has("seq")),
          "unsubscribed: no more events");
    }
    // Sessions took the cheap idle-timer scheduler (IdleTimerScheduler), which depends on Tyrus'
    // internals.
    assertFalse(
        logText(app).contains("keep their own idle-timer scheduler"),
        "the WebSocket sessions kept Tyrus' managed idle timer");
  }

  static String logText(RunningApp app) {
    try {
      return Files.readString(app.log());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AcrossDatabases
  void aReconnectWithLastSeqGetsExactlyWhatItMissedWhilePublishingGoesOn(Flavor flavor)
      throws Exception {
    RunningApp app = SharedApps.of(flavor);
    Api api = app.api();
    EventsApi events = api.client().events();
    String project = newProject(api);
    try (WsClient client = WsClient.connect(app)) {
      client.subscribe(project);
      client.nextOfType("subscribed");
      for (int n = 1; n <= 5; n++) {
        publish(events, project, n);
      }
      assertEquals(range(1, 5), seqs(client.events(5, Duration.ofSeconds(10))));
    }
    for (int n = 6; n <= 10; n++) {
      publish(events, project, n);
    }
    CompletableFuture<Void> publishing =
        CompletableFuture.runAsync(
            () -> {
              for (int n = 11; n <= 60; n++) {
                publish(events, project, n);
              }
            });
    try (WsClient again = WsClient.connect(app)) {
      again.subscribe(project, 5);
      JsonNode subscribed = again.nextOfType("subscribed");
      assertTrue(subscribed.get("data").get("replayed").asInt() >= 5);
      assertEquals(1, subscribed.get("data").get("first_available_seq").asLong());
      publishing.get();
      List<JsonNode> frames = again.events(55, Duration.ofSeconds(20));
      assertEquals(range(6, 60), seqs(frames), "every missed and live event once, in order");
      assertEquals(6, frames.get(0).get("data").get("n").asInt());
      assertTrue(
          again.drain(Duration.ofMillis(500)).stream().noneMatch(f -> f.has("seq")),
          "no duplicates after the last");
    }
  }

  @AcrossDatabases
  void badMessagesGetErrorFramesAndTheConnectionSurvives(Flavor flavor) {
    RunningApp app = SharedApps.of(flavor);
    String unknownProject = UUID.randomUUID().toString();
    // Each message with what its error must name (docs/realtime.md: malformed, unknown type,
    // unknown project).
    Map<String, String> explained = new java.util.LinkedHashMap<>();
    explained.put(
        "not json", "Not a JSON message of the form {\"type\": ..., \"project_id\": ...}.");
    explained.put("[1,2]", "Not a JSON message of the form {\"type\": ..., \"project_id\": ...}.");
    explained.put(
        "{\"type\":\"dance\"}",
        "Unknown message type 'dance': use subscribe, unsubscribe or ping.");
    explained.put("{}", "A message needs a type: subscribe, unsubscribe or ping.");
    explained.put(
        "{\"type\":\"subscribe\",\"project_id\":\"" + unknownProject + "\"}",
        "Unknown project: " + unknownProject + ".");
    explained.put("{\"type\":\"subscribe\"}", "A subscribe message needs a project_id.");
    explained.put(
        "{\"type\":\"subscribe\",\"project_id\":\"" + newProject(app.api()) + "\",\"last_seq\":-1}",
        "last_seq must not be negative.");
    try (WsClient client = WsClient.connect(app)) {
      explained.forEach(
          (bad, detail) -> {
            client.send(bad);
            JsonNode error =
                client.nextMatching(
                    f -> !f.path("type").asText().equals("heartbeat"), Duration.ofSeconds(10));
            assertEquals(
                "error",
                error.get("type").asText(),
                "the answer to " + bad + " is an error, not " + error);
            assertEquals(detail, error.get("data").get("detail").asText(), bad);
          });
      client.send("{\"type\":\"ping\"}");
      assertEquals("pong", client.nextOfType("pong").get("type").asText());
    }
  }

  @AcrossDatabases
  void anOversizedMessageClosesTheConnectionWith1009(Flavor flavor) throws Exception {
    try (WsClient client = WsClient.connect(SharedApps.of(flavor))) {
      client.send("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(70_000) + "\"}");
      assertEquals(1009, client.closeCode().get(10, java.util.concurrent.TimeUnit.SECONDS));
    }
  }

  @AcrossDatabases
  void heartbeatsCountOpenConnectionsAndAbruptDropsAreCleanedUp(Flavor flavor) {
    RunningApp app = SharedApps.of(flavor);
    try (WsClient watcher = WsClient.connect(app)) {
      WsClient dropped1 = WsClient.connect(app);
      WsClient dropped2 = WsClient.connect(app);
      long before =
          watcher
              .nextMatching(
                  f ->
                      f.path("type").asText().equals("heartbeat")
                          && f.get("data").get("connections").asLong() >= 3,
                  Duration.ofSeconds(10))
              .get("data")
              .get("connections")
              .asLong();
      JsonNode beat = watcher.nextOfType("heartbeat");
      assertEquals("alive", beat.get("data").get("status").asText());
      assertTrue(beat.get("data").has("server_time"));

      dropped1.abort();
      dropped2.abort();
      JsonNode after =
          watcher.nextMatching(
              f ->
                  f.path("type").asText().equals("heartbeat")
                      && f.get("data").get("connections").asLong() <= before - 2,
              Duration.ofSeconds(15));
      assertTrue(after.get("data").get("connections").asLong() <= before - 2);
    }
  }
}
