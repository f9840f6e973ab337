package dev.vibegrapher.realtime.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibegrapher.client.EventsApi;
import dev.vibegrapher.client.realtime.PublishEventRequest;
import dev.vibegrapher.support.AcrossDatabases;
import dev.vibegrapher.support.Api;
import dev.vibegrapher.support.Flavor;
import dev.vibegrapher.support.Prometheus;
import dev.vibegrapher.support.RunningApp;
import dev.vibegrapher.support.SharedApps;
import dev.vibegrapher.support.SseClient;
import dev.vibegrapher.support.TestIssuer;
import dev.vibegrapher.support.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Clients that try to exhaust the server over the real-time connections (issue 18): subscribing
 * again and again, replaying more than a connection may hold, never reading, opening connection
 * after connection. Each caller here is a person of its own (a JWT of the test issuer), so the cap
 * per caller of one test never meets another's connections.
 */
class RealtimeAbuseIT {

  // Room for a reading client to lag 20 events of 100 kB on a loaded machine; far less than the
  // replays and the pile-up below.
  private static final int BUDGET = 2_097_152;
  private static final int MAX_SUBSCRIPTIONS = 3;
  private static final int MAX_CONNECTIONS = 3;
  private static final Map<Flavor, RunningApp> APPS = new EnumMap<>(Flavor.class);
  private static TestIssuer issuer;

  @BeforeAll
  static void startIssuer() {
    issuer = TestIssuer.start();
  }

  static synchronized RunningApp app(Flavor flavor) {
    return APPS.computeIfAbsent(
        flavor,
        f -> {
          Map<String, String> settings = new HashMap<>(SharedApps.sharedSettings());
          settings.putAll(issuer.appSettings());
          settings.put("VIBEGRAPHER_WS_QUEUE_BYTES", String.valueOf(BUDGET));
          settings.put("VIBEGRAPHER_WS_REPLAY_PAGE_SIZE", "8");
          settings.put("VIBEGRAPHER_WS_MAX_SUBSCRIPTIONS", String.valueOf(MAX_SUBSCRIPTIONS));
          settings.put(
              "VIBEGRAPHER_REALTIME_MAX_CONNECTIONS_PER_CALLER", String.valueOf(MAX_CONNECTIONS));
          return RunningApp.prepare("realtime-abuse-" + f.name().toLowerCase(), f, settings)
              .start();
        });
  }

  @AfterAll
  static void stop() {
    APPS.values().forEach(RunningApp::close);
    APPS.clear();
    issuer.close();
  }

  /** A person of their own, with the viewer role: all that watching needs. */
  private static String newViewer() {
    String subject = "watcher-" + UUID.randomUUID();
    return issuer
        .token(subject)
        .name("Wanda Watcher")
        .email(subject + "@example.com")
        .groups("viewer")
        .signed();
  }

  private static void publishBulk(EventsApi events, String project, int n, int bytes) {
    events.publish(
        project,
        new PublishEventRequest("conversation_delta", Map.of("n", n, "bulk", "z".repeat(bytes))));
  }

  private static String subscribe(String project, Long lastSeq) {
    return "{\"type\":\"subscribe\",\"project_id\":\""
        + project
        + "\""
        + (lastSeq == null ? "" : ",\"last_seq\":" + lastSeq)
        + "}";
  }

  private static JsonNode nextReply(WsClient client) {
    return client.nextMatching(
        f -> !f.path("type").asText().equals("heartbeat"), Duration.ofSeconds(10));
  }

  @AcrossDatabases
  void aSecondSubscribeToTheSameProjectIsRefusedAndTheFirstKeepsWorking(Flavor flavor) {
    RunningApp app = app(flavor);
    Api api = app.api();
    EventsApi events = api.client().events();
    String project = RealtimeIT.newProject(api);
    try (WsClient client = WsClient.connect(app, true, newViewer())) {
      client.subscribe(project);
      assertEquals("subscribed", nextReply(client).get("type").asText());
      for (String again : List.of(subscribe(project, null), subscribe(project, 0L))) {
        client.send(again);
        JsonNode refused = nextReply(client);
        assertEquals("error", refused.get("type").asText(), again);
        assertEquals(project, refused.get("project_id").asText());
        assertEquals(
            "Already subscribed to project "
                + project
                + " on this connection; unsubscribe first to subscribe again.",
            refused.get("data").get("detail").asText());
      }
      for (int n = 1; n <= 3; n++) {
        RealtimeIT.publish(events, project, n);
      }
      assertEquals(
          RealtimeIT.range(1, 3),
          RealtimeIT.seqs(client.events(3, Duration.ofSeconds(10))),
          "the first subscription, once");
      assertTrue(
          client.drain(Duration.ofMillis(500)).stream().noneMatch(f -> f.has("seq")),
          "no event twice");

      // Unsubscribed, the project may be subscribed again, from where the client was.
      client.send("{\"type\":\"unsubscribe\",\"project_id\":\"" + project + "\"}");
      assertEquals("unsubscribed", nextReply(client).get("type").asText());
      client.subscribe(project, 1);
      assertEquals(2, nextReply(client).get("data").get("replayed").asInt());
      assertEquals(List.of(2L, 3L), RealtimeIT.seqs(client.events(2, Duration.ofSeconds(10))));
    }
  }

  @AcrossDatabases
  void aConnectionSubscribesToABoundedNumberOfProjects(Flavor flavor) {
    RunningApp app = app(flavor);
    List<String> projects = new ArrayList<>();
    for (int i = 0; i <= MAX_SUBSCRIPTIONS; i++) {
      projects.add(RealtimeIT.newProject(app.api()));
    }
    try (WsClient client = WsClient.connect(app, true, newViewer())) {
      for (String project : projects.subList(0, MAX_SUBSCRIPTIONS)) {
        client.subscribe(project);
        assertEquals("subscribed", nextReply(client).get("type").asText());
      }
      String oneTooMany = projects.get(MAX_SUBSCRIPTIONS);
      client.subscribe(oneTooMany);
      JsonNode refused = nextReply(client);
      assertEquals("error", refused.get("type").asText());
      assertEquals(
          "A connection may subscribe to at most 3 projects; unsubscribe from one first.",
          refused.get("data").get("detail").asText());

      client.send("{\"type\":\"unsubscribe\",\"project_id\":\"" + projects.get(0) + "\"}");
      assertEquals("unsubscribed", nextReply(client).get("type").asText());
      client.subscribe(oneTooMany);
      assertEquals("subscribed", nextReply(client).get("type").asText());
      RealtimeIT.publish(app.api(), oneTooMany, 1);
      assertEquals(
          oneTooMany, client.events(1, Duration.ofSeconds(10)).get(0).get("project_id").asText());
    }
  }

  /**
   * 4 MB of history against a budget of 2 MiB: a replay queued whole would drop the client; in
   * pages of 8 events, each read once the last has gone out, all of it arrives, and so do the
   * events published meanwhile, each once and in order.
   */
  @AcrossDatabases
  void aReplayLargerThanTheBudgetArrivesWholeInPagesWhilePublishingGoesOn(Flavor flavor)
      throws Exception {
    RunningApp app = app(flavor);
    Api api = app.api();
    EventsApi events = api.client().events();
    String project = RealtimeIT.newProject(api);
    for (int n = 1; n <= 200; n++) {
      publishBulk(events, project, n, 20_000);
    }
    try (WsClient client = WsClient.connect(app, true, newViewer())) {
      CompletableFuture<Void> publishing =
          CompletableFuture.runAsync(
              () -> {
                for (int n = 201; n <= 240; n++) {
                  publishBulk(events, project, n, 20_000);
                }
              });
      client.subscribe(project, 0);
      JsonNode subscribed = nextReply(client);
      assertEquals("subscribed", subscribed.get("type").asText());
      assertTrue(subscribed.get("data").get("replayed").asInt() >= 200);
      publishing.get();
      List<JsonNode> frames = client.events(240, Duration.ofSeconds(30));
      assertEquals(
          RealtimeIT.range(1, 240),
          RealtimeIT.seqs(frames),
          "every logged and live event once, in order");
      assertEquals(240, frames.get(239).get("data").get("n").asInt());
      assertTrue(
          client.drain(Duration.ofMillis(500)).stream().noneMatch(f -> f.has("seq")),
          "no duplicates after the last");
      assertFalse(client.closeCode().isDone(), "the client was not dropped");
    }
  }

  /**
   * The attack: a client subscribes, then subscribes again and again (with replays, to the
   * same project) and pings, and never reads. Each repeat is refused (an error frame, no replay),
   * its queue stays within its budget, so the server's queued bytes stay within connections x
   * budget at every look; it is dropped once 100 kB events pile up behind what its socket holds,
   * while a subscriber of the same project gets every event, in order. Then a client asks for the
   * whole 21 MB log and never reads: it holds a page at most, and is neither dropped nor in the
   * way.
   */
  @AcrossDatabases
  void aClientThatSubscribesRepeatedlyAndNeverReadsIsDroppedAndTheOthersGetEveryEvent(
      Flavor flavor) {
    RunningApp app = app(flavor);
    Api api = app.api();
    EventsApi events = api.client().events();
    String project = RealtimeIT.newProject(api);
    for (int n = 1; n <= 40; n++) {
      publishBulk(events, project, n, 20_000);
    }
    double droppedBefore = dropped(api);
    try (WsClient good = WsClient.connect(app, true, newViewer());
        WsClient bad = WsClient.connect(app, false, newViewer())) {
      good.subscribe(project);
      assertEquals("subscribed", nextReply(good).get("type").asText());
      bad.subscribe(project);
      try {
        for (int round = 0; round < 500; round++) {
          bad.send(subscribe(project, 0L));
          bad.send(subscribe(project, null));
          bad.send("{\"type\":\"ping\"}");
        }
      } catch (RuntimeException droppedAlready) {
        // The replies alone may fill its queue first, and the server close the connection: the
        // point.
      }
      // 200 events of 100 kB: far more than the socket buffers between the server and a client that
      // reads nothing.
      for (int n = 41; n <= 240; n++) {
        publishBulk(events, project, n, 100_000);
        if (n % 20 == 0) {
          assertQueuedWithinBudgets(api, "after event " + n);
        }
      }
      List<JsonNode> received = good.events(200, Duration.ofSeconds(60));
      assertEquals(
          RealtimeIT.range(41, 240),
          RealtimeIT.seqs(received),
          "the other subscriber: every event, in order");
      assertEquals(droppedBefore + 1, dropped(api), "the client that never read was dropped");
      good.nextMatching(
          f ->
              f.path("type").asText().equals("heartbeat")
                  && f.get("data").get("connections").asLong() == 1,
          Duration.ofSeconds(15));

      try (WsClient hoarder = WsClient.connect(app, false, newViewer())) {
        hoarder.subscribe(project, 0);
        for (int look = 0; look < 5; look++) {
          assertQueuedWithinBudgets(api, "look " + look + " at a replay nobody reads");
        }
        RealtimeIT.publish(events, project, 241);
        assertEquals(
            241,
            good.events(1, Duration.ofSeconds(10)).get(0).get("seq").asLong(),
            "publishing goes on beside the stalled replay");
        assertEquals(
            droppedBefore + 1, dropped(api), "a replay held back by its client overflows nothing");
        good.nextMatching(
            f ->
                f.path("type").asText().equals("heartbeat")
                    && f.get("data").get("connections").asLong() == 2,
            Duration.ofSeconds(15));
      }
    }
  }

  private static void assertQueuedWithinBudgets(Api api, String when) {
    Prometheus metrics = Prometheus.scrape(api);
    long queued = (long) value(metrics, "realtime_queued_bytes");
    long connections = (long) value(metrics, "realtime_connections");
    assertTrue(
        queued <= Math.max(1, connections) * (BUDGET + 101_000L),
        when + ": " + queued + " bytes queued for " + connections + " connections");
  }

  private static double value(Prometheus metrics, String name) {
    return metrics.samples().stream()
        .filter(s -> s.name().equals(name))
        .mapToDouble(Prometheus.Sample::value)
        .sum();
  }

  /** Clients dropped for a full queue, by frames or by bytes. */
  private static double dropped(Api api) {
    return Prometheus.scrape(api).samples().stream()
        .filter(
            s ->
                s.name().equals("realtime_clients_dropped_total")
                    && List.of("too_slow", "over_budget").contains(s.labels().get("reason")))
        .mapToDouble(Prometheus.Sample::value)
        .sum();
  }

  /**
   * Past VIBEGRAPHER_REALTIME_MAX_CONNECTIONS_PER_CALLER (3 here, WebSocket and SSE together) the
   * upgrade is refused with 429 problem+json, and so is the SSE stream; another caller is not
   * affected, and a closed connection frees its place.
   */
  @AcrossDatabases
  void aCallerPastTheConnectionCapIsRefusedWithAProblem(Flavor flavor) {
    RunningApp app = app(flavor);
    String project = RealtimeIT.newProject(app.api());
    String caller = newViewer();
    WsClient first = WsClient.connect(app, true, caller);
    try (WsClient second = WsClient.connect(app, true, caller);
        SseClient third =
            SseClient.open(app, "/api/projects/" + project + "/events", null, caller)) {
      assertEquals(200, third.status());
      third.next("subscribed");
      assertEquals(429, WsClient.upgradeStatus(app, caller, null, null), "the fourth upgrade");
      // Raw: the WebSocket endpoint and the event stream are no routes of the typed client, and
      // the refusals' content type is checked.
      Api.Reply refused = app.api().withBearer(caller).get("/ws");
      assertEquals(429, refused.status());
      assertTrue(
          refused.contentType().startsWith("application/problem+json"), refused.contentType());
      assertEquals(
          "urn:vibegrapher:problem:too-many-connections", refused.json().get("type").asText());
      assertEquals(MAX_CONNECTIONS, refused.json().get("limit").asInt());
      Api.Reply sse =
          app.api()
              .withBearer(caller)
              .get("/api/projects/" + project + "/events", Map.of("Accept", "text/event-stream"));
      assertEquals(429, sse.status());
      assertTrue(sse.contentType().startsWith("application/problem+json"), sse.contentType());

      assertEquals(
          101,
          WsClient.upgradeStatus(app, newViewer(), null, null),
          "another caller is not affected");
      second.send("{\"type\":\"ping\"}");
      assertEquals(
          "pong", second.nextOfType("pong").get("type").asText(), "the open ones keep working");

      first.close();
      int status = 0;
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (status != 101 && System.nanoTime() < deadline) {
        status = WsClient.upgradeStatus(app, caller, null, null);
      }
      assertEquals(101, status, "a closed connection frees its place");
    }
  }
}
