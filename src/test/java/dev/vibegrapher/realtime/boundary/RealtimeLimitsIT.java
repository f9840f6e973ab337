package dev.vibegrapher.realtime.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibegrapher.support.AcrossDatabases;
import dev.vibegrapher.support.Api;
import dev.vibegrapher.support.Flavor;
import dev.vibegrapher.support.RunningApp;
import dev.vibegrapher.support.WsClient;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;

/** Slow clients, a bounded event log and restarts, on an app with small limits. */
class RealtimeLimitsIT {

  private static final Map<Flavor, RunningApp> APPS = new EnumMap<>(Flavor.class);

  static synchronized RunningApp app(Flavor flavor) {
    return APPS.computeIfAbsent(flavor, f -> RunningApp.prepare("realtime-limits-" + f.name().toLowerCase(), f, Map.of(
        "VIBEGRAPHER_DIAGNOSTICS", "true",
        "VIBEGRAPHER_WS_QUEUE_SIZE", "16",
        "VIBEGRAPHER_EVENTS_MAX_PER_PROJECT", "5",
        "VIBEGRAPHER_EVENTS_PRUNE_INTERVAL_SECONDS", "1",
        "VIBEGRAPHER_HEARTBEAT_SECONDS", "1")).start());
  }

  @AfterAll
  static void stopApps() {
    APPS.values().forEach(RunningApp::close);
    APPS.clear();
  }

  @AcrossDatabases
  void aClientThatStopsReadingIsDroppedWithoutHoldingUpTheOthers(Flavor flavor) throws Exception {
    RunningApp app = app(flavor);
    Api api = app.api();
    String project = RealtimeIT.newProject(api);
    String bulk = "y".repeat(100_000);
    double droppedBefore = droppedTooSlow(api);
    try (WsClient fast = WsClient.connect(app); WsClient stalled = WsClient.connect(app, false)) {
      fast.subscribe(project);
      stalled.subscribe(project);
      fast.nextOfType("subscribed");
      // 200 events of 100 kB: far more than the socket buffers and the 16-frame queue hold.
      for (int n = 1; n <= 200; n++) {
        assertEquals(202, api.post("/api/projects/" + project + "/events", Map.of("type", "conversation_delta", "data", Map.of("n", n, "bulk", bulk))).status());
      }
      List<JsonNode> received = fast.events(200, Duration.ofSeconds(60));
      assertEquals(RealtimeIT.range(1, 200), RealtimeIT.seqs(received));

      // Every publish returned at once although one client took nothing: the fan-out did not wait.
      assertEquals(droppedBefore + 1, droppedTooSlow(api), "the stalled client was dropped as too slow");
      // Forgotten at once: the heartbeat counts the fast client only.
      JsonNode beat = fast.nextMatching(f -> f.path("type").asText().equals("heartbeat"), Duration.ofSeconds(10));
      assertEquals(1, beat.get("data").get("connections").asLong());
    }
  }

  /** The server's count of clients dropped for not reading, from /metrics. */
  static double droppedTooSlow(Api api) {
    return api.get("/metrics").body().lines()
        .filter(line -> line.startsWith("realtime_clients_dropped_total{") && line.contains("reason=\"too_slow\""))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  @AcrossDatabases
  void theLogIsPrunedByCountAndNumberingContinuesAcrossARestart(Flavor flavor) throws Exception {
    RunningApp app = app(flavor);
    Api api = app.api();
    String project = RealtimeIT.newProject(api);
    for (int n = 1; n <= 8; n++) {
      RealtimeIT.publish(api, project, n);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    List<Long> kept;
    do {
      try (WsClient client = WsClient.connect(app)) {
        client.subscribe(project, 0);
        JsonNode subscribed = client.nextOfType("subscribed");
        kept = RealtimeIT.seqs(client.events(subscribed.get("data").get("replayed").asInt(), Duration.ofSeconds(10)));
      }
    } while (!kept.equals(RealtimeIT.range(4, 8)) && System.nanoTime() < deadline);
    assertEquals(RealtimeIT.range(4, 8), kept, "the newest 5 events are kept");

    try (WsClient watching = WsClient.connect(app)) {
      app.stop();
      assertEquals(1001, watching.closeCode().get(10, TimeUnit.SECONDS), "a stopping server says it is going away");
    }
    app.start();

    try (WsClient client = WsClient.connect(app)) {
      client.subscribe(project, 7);
      JsonNode subscribed = client.nextOfType("subscribed");
      assertEquals(8, subscribed.get("data").get("last_seq").asLong());
      assertEquals(8, client.events(1, Duration.ofSeconds(10)).get(0).get("seq").asLong());
      RealtimeIT.publish(api, project, 9);
      JsonNode next = client.events(1, Duration.ofSeconds(10)).get(0);
      assertEquals(9, next.get("seq").asLong(), "numbering continues after the restart");
      assertTrue(next.get("data").get("n").asInt() == 9);
    }
  }
}
