package dev.vibegrapher.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibegrapher.client.realtime.PublishEventRequest;
import dev.vibegrapher.support.Api;
import dev.vibegrapher.support.Eventually;
import dev.vibegrapher.support.FakeOpenAi;
import dev.vibegrapher.support.Flavor;
import dev.vibegrapher.support.OnPostgreSql;
import dev.vibegrapher.support.RunningApp;
import dev.vibegrapher.support.Runs;
import dev.vibegrapher.support.SharedApps;
import dev.vibegrapher.support.SharedFake;
import dev.vibegrapher.support.TestDatabases;
import dev.vibegrapher.support.WsClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;

/**
 * Two instances of the real jar on one PostgreSQL database, each with its own data directory: a
 * project's room spans them. Whichever instance logs an event, a subscriber on either gets every
 * event in seq order, with no gap and no duplicate, as the same frames a subscriber of the same
 * instance gets.
 *
 * <p>PostgreSQL only: H2 is embedded in one process, so no second instance can share it.
 */
class ClusterRoomsIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  /** The listen connection's wait: its loss is noticed at once, and it is replaced after this. */
  private static final int LISTEN_CHECK_MS = 3000;

  private static RunningApp first;
  private static RunningApp second;

  private static synchronized void startBoth() {
    if (first != null) {
      return;
    }
    Map<String, String> settings = new HashMap<>(SharedApps.sharedSettings());
    settings.put("VIBEGRAPHER_EVENTS_LISTEN_CHECK_MS", String.valueOf(LISTEN_CHECK_MS));
    first = RunningApp.prepare("cluster-a", Flavor.POSTGRESQL, settings).start();
    second = RunningApp.joining("cluster-b", first, settings).start();
  }

  @AfterAll
  static void stopBoth() {
    if (second != null) {
      second.close();
    }
    if (first != null) {
      first.close();
    }
  }

  @OnPostgreSql
  void aRoomOnOneInstanceSeesEveryEventOfARunOnAnother(Flavor flavor) {
    startBoth();
    FakeOpenAi fake = SharedFake.fake();
    fake.reset();
    String project = Runs.newProject(first.api(), "x = 1\n");
    String session = Runs.openSession(first.api(), project);
    try (WsClient here = watching(first, project);
        WsClient there = watching(second, project)) {
      fake.script(SharedFake.CODER_MODEL).text("x is one.");
      String runId = Runs.start(first.api(), session, "What is x?").runId();

      List<JsonNode> seenHere = Runs.framesUntilEnd(here, runId, WAIT);
      List<JsonNode> seenThere = Runs.framesUntilEnd(there, runId, WAIT);
      assertEquals(seenHere, seenThere, "the other instance's room gets the very same frames");
      assertConsecutive(seenThere);
      assertEquals("vibecode_completed", seenThere.get(seenThere.size() - 1).get("type").asText());
    }
  }

  @OnPostgreSql
  void eventsLoggedThroughBothInstancesAreNumberedOnceAndSeenInOneOrderOnEach(Flavor flavor)
      throws Exception {
    startBoth();
    String project = Runs.newProject(first.api(), "x = 1\n");
    int each = 25;
    try (WsClient here = watching(first, project);
        WsClient there = watching(second, project);
        WsClient joining = WsClient.connect(second)) {
      CompletableFuture<Void> throughFirst = publishing(first, project, "a", each);
      CompletableFuture<Void> throughSecond = publishing(second, project, "b", each);
      // Replays from the start while both publish, and joins the live events on the way.
      joining.subscribe(project, 0);
      joining.nextOfType("subscribed");
      throughFirst.get();
      throughSecond.get();

      List<JsonNode> seenHere = here.events(2 * each, WAIT);
      List<JsonNode> seenThere = there.events(2 * each, WAIT);
      assertEquals(seenHere, seenThere, "one order for every subscriber, wherever it is");
      assertConsecutive(seenThere);
      for (String publisher : List.of("a", "b")) {
        assertEquals(
            IntStream.range(0, each).mapToObj(i -> publisher + i).toList(),
            seenThere.stream()
                .map(f -> f.get("data").get("text").asText())
                .filter(text -> text.startsWith(publisher))
                .toList(),
            "each publisher's events in the order it published them");
      }
      long last = seenThere.get(seenThere.size() - 1).get("seq").asLong();
      List<JsonNode> joined = joining.replayThrough(last, WAIT);
      assertConsecutive(joined);
      assertEquals(
          seenThere,
          joined.subList(joined.size() - seenThere.size(), joined.size()),
          "a replay that joins while both publish gets the same events, once each");
      for (WsClient client : List.of(here, there, joining)) {
        assertEquals(
            List.of(),
            client.drain(Duration.ofMillis(300)).stream().filter(f -> f.has("seq")).toList(),
            "no event twice");
      }

      try (WsClient replaying = WsClient.connect(first)) {
        replaying.subscribe(project, 0);
        JsonNode subscribed = replaying.nextOfType("subscribed");
        assertEquals(last, subscribed.get("data").get("last_seq").asLong());
        assertEquals(joined, replaying.replayThrough(last, WAIT), "a replay on either is the same");
      }
    }
  }

  @OnPostgreSql
  void eventsLoggedWhileTheListenConnectionIsDownArriveAfterItIsBackWithoutAGap(Flavor flavor)
      throws Exception {
    startBoth();
    String project = Runs.newProject(first.api(), "x = 1\n");
    try (WsClient there = watching(second, project)) {
      publish(first, project, "before");
      JsonNode before = there.events(1, WAIT).get(0);

      long warningsBefore = listenFailures(second);
      assertTrue(terminateListenConnections(first) >= 1, "the listen connections were cut");
      awaitListenFailure(second, warningsBefore);
      // Logged while nobody on the second instance listens: no notification will ever tell it.
      for (String text : List.of("during-1", "during-2", "during-3")) {
        publish(first, project, text);
      }
      publish(first, project, "after");

      List<JsonNode> seen = there.events(4, WAIT);
      assertEquals(
          List.of("during-1", "during-2", "during-3", "after"),
          seen.stream().map(f -> f.get("data").get("text").asText()).toList());
      List<JsonNode> all = new ArrayList<>(List.of(before));
      all.addAll(seen);
      assertConsecutive(all);
    }
  }

  @OnPostgreSql
  void aProjectDeletedWhileTheListenConnectionIsDownLeavesNoRoomOnceItIsBack(Flavor flavor)
      throws Exception {
    startBoth();
    String project = Runs.newProject(first.api(), "x = 1\n");
    try (WsClient there = watching(second, project)) {
      long warningsBefore = listenFailures(second);
      assertTrue(terminateListenConnections(first) >= 1, "the listen connections were cut");
      awaitListenFailure(second, warningsBefore);
      // Announced while nobody on the second instance listens: the renewed connection catches up.
      first.api().client().projects().delete(project);
      assertEquals(
          Eventually.unknownProject(project), Eventually.subscribeRefusal(there, project, WAIT));
    }
  }

  private static WsClient watching(RunningApp app, String project) {
    WsClient client = WsClient.connect(app);
    client.subscribe(project);
    client.nextOfType("subscribed");
    return client;
  }

  private static CompletableFuture<Void> publishing(
      RunningApp app, String project, String prefix, int count) {
    return CompletableFuture.runAsync(
        () -> IntStream.range(0, count).forEach(i -> publish(app, project, prefix + i)));
  }

  private static void publish(RunningApp app, String project, String text) {
    Api api = app.api();
    api.client()
        .events()
        .publish(project, new PublishEventRequest("conversation_message", Map.of("text", text)));
  }

  private static void assertConsecutive(List<JsonNode> frames) {
    long firstSeq = frames.get(0).get("seq").asLong();
    assertEquals(
        IntStream.range(0, frames.size()).mapToObj(i -> firstSeq + i).toList(),
        frames.stream().map(f -> f.get("seq").asLong()).toList(),
        "seq order with no gap and no duplicate");
  }

  /** Ends the database sessions the instances listen on, as a lost connection would. */
  private static int terminateListenConnections(RunningApp app) throws Exception {
    TestDatabases.Database database =
        new TestDatabases.Database(
            app.databaseName(), app.environment().get("DATABASE_URL"), null, null);
    try (Connection connection = database.connect();
        PreparedStatement terminate =
            connection.prepareStatement(
                "SELECT COUNT(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE application_name = ? AND datname = ?) ended")) {
      terminate.setString(1, "vibegrapher-event-log-listener");
      terminate.setString(2, app.databaseName());
      try (ResultSet ended = terminate.executeQuery()) {
        ended.next();
        return ended.getInt(1);
      }
    }
  }

  private static long listenFailures(RunningApp app) throws Exception {
    return Files.readAllLines(app.log(), StandardCharsets.UTF_8).stream()
        .filter(line -> line.contains("Listening for other instances' events failed"))
        .count();
  }

  private static void awaitListenFailure(RunningApp app, long before) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (listenFailures(app) <= before) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the second instance never noticed its listen connection gone");
      }
      Thread.sleep(20);
    }
  }
}
