package dev.vibegrapher.realtime.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibegrapher.client.EventsApi;
import dev.vibegrapher.client.ProblemException;
import dev.vibegrapher.client.realtime.PublishEventRequest;
import dev.vibegrapher.support.Api;
import dev.vibegrapher.support.Flavor;
import dev.vibegrapher.support.OnPostgreSql;
import dev.vibegrapher.support.RunningApp;
import dev.vibegrapher.support.Runs;
import dev.vibegrapher.support.SharedApps;
import dev.vibegrapher.support.TestDatabases;
import dev.vibegrapher.support.WsClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Events published together are logged in one batch: when the batch cannot be stored, every one of
 * their publishers is told, not only the one that wrote it, none of the events reaches a
 * subscriber, and the numbering goes on without a gap. The failure is real: another connection
 * holds the event log locked, so the first publisher waits inside the database with its event while
 * two more queue behind it; its statement is cancelled, the two queued events then go in one batch,
 * written by one of their publishers, and that statement is cancelled too.
 *
 * <p>PostgreSQL only: H2 runs embedded in the app, so no other connection can reach it, and even
 * served over TCP (as ContainerCommandIT does) H2 has no table lock a test could hold (LOCK TABLE
 * is PostgreSQL's) and its row locks do not stop the insert of a new row: nothing would make the
 * app's append wait, and failing it otherwise would take a mock.
 */
class EventLogFailureIT {

  private static final Duration HOLD_LIMIT = Duration.ofSeconds(60);

  @OnPostgreSql
  void everyPublisherOfABatchThatCannotBeLoggedIsToldAndNoneOfItsEventsIsSent(Flavor flavor)
      throws Exception {
    RunningApp app = SharedApps.of(flavor);
    Api api = app.api();
    String project = Runs.newProject(api, "x = 1\n");
    EventsApi events = api.client().events();
    try (WsClient watching = WsClient.connect(app)) {
      watching.subscribe(project, 0);
      watching.nextOfType("subscribed");
      events.publish(project, event("before"));
      JsonNode before = watching.events(1, Duration.ofSeconds(10)).get(0);

      List<Optional<ProblemException>> refusals;
      TestDatabases.Database database =
          new TestDatabases.Database(
              app.databaseName(), app.environment().get("DATABASE_URL"), null, null);
      try (Connection lock = database.connect();
          Statement statement = lock.createStatement()) {
        lock.setAutoCommit(false);
        statement.execute("LOCK TABLE project_events IN EXCLUSIVE MODE");
        // The first publisher takes the project's lock and waits inside the database with its batch
        // of one.
        CompletableFuture<Optional<ProblemException>> first =
            CompletableFuture.supplyAsync(() -> refusalOf(events, project, "first"));
        int firstWriter = awaitBackendWaitingForTheLock(lock);
        List<CompletableFuture<Optional<ProblemException>>> queued =
            List.of("second", "third").stream()
                .map(name -> CompletableFuture.supplyAsync(() -> refusalOf(events, project, name)))
                .toList();
        await(
            () -> publishersQueuedBehindTheBatch(app) == 2,
            "two publishers queue behind the one writing");
        // Its statement fails, as a statement of the database's choosing would (a deadlock victim,
        // a timeout).
        cancelStatement(lock, firstWriter);
        Optional<ProblemException> firstRefusal =
            first.get(HOLD_LIMIT.toSeconds(), TimeUnit.SECONDS);
        // The two queued meanwhile now go in one batch, written by one of them, which waits for the
        // table in turn.
        cancelStatement(lock, awaitBackendWaitingForTheLock(lock));
        CompletableFuture.anyOf(queued.toArray(CompletableFuture[]::new))
            .get(HOLD_LIMIT.toSeconds(), TimeUnit.SECONDS);
        // Released before the other answers: had it not been in the failed batch, it would now be
        // stored (202).
        lock.rollback();
        refusals =
            List.of(
                firstRefusal,
                queued.get(0).get(HOLD_LIMIT.toSeconds(), TimeUnit.SECONDS),
                queued.get(1).get(HOLD_LIMIT.toSeconds(), TimeUnit.SECONDS));
      }
      assertEquals(
          List.of("500 event-not-logged", "500 event-not-logged", "500 event-not-logged"),
          refusals.stream()
              .map(refusal -> refusal.map(p -> p.status() + " " + p.kind()).orElse("stored"))
              .toList(),
          "neither batch was stored, so none of its publishers may be told it was: "
              + refusals.stream().map(r -> r.map(p -> p.json().toString())).toList());

      events.publish(project, event("after"));
      JsonNode after = watching.events(1, Duration.ofSeconds(10)).get(0);
      assertEquals(
          "after",
          after.get("data").get("text").asText(),
          "none of the failed batch's events was sent");
      assertEquals(
          before.get("seq").asLong() + 1, after.get("seq").asLong(), "no gap in the numbering");
    }
    try (WsClient replaying = WsClient.connect(app)) {
      replaying.subscribe(project, 0);
      int replayed = replaying.nextOfType("subscribed").get("data").get("replayed").asInt();
      List<String> logged =
          replaying.events(replayed, Duration.ofSeconds(10)).stream()
              .map(f -> f.get("data").get("text").asText())
              .toList();
      assertEquals(List.of("before", "after"), logged, "the log holds none of the failed batch");
    }
  }

  private static void cancelStatement(Connection lock, int backend) throws Exception {
    try (PreparedStatement cancel = lock.prepareStatement("SELECT pg_cancel_backend(?)")) {
      cancel.setInt(1, backend);
      cancel.execute();
    }
  }

  /**
   * The app's connection that waits for the table the test holds: the first publisher, writing its
   * batch.
   */
  private static int awaitBackendWaitingForTheLock(Connection lock) throws Exception {
    long deadline = System.nanoTime() + HOLD_LIMIT.toNanos();
    try (PreparedStatement waiting =
        lock.prepareStatement(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'")) {
      while (System.nanoTime() < deadline) {
        try (ResultSet rows = waiting.executeQuery()) {
          if (rows.next()) {
            return rows.getInt(1);
          }
        }
        // The poll's pace, not a wait for something to happen: the loop ends on what it sees.
        LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
      }
    }
    throw new AssertionError("no publisher waited for the locked event log within " + HOLD_LIMIT);
  }

  /**
   * Request threads of the app parked on the project's lock inside ProjectChannels.publish, read
   * from a thread dump of the app (jcmd): their events are queued, to be logged by the writer.
   */
  private static long publishersQueuedBehindTheBatch(RunningApp app) {
    try {
      Process jcmd =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                  String.valueOf(app.pid()),
                  "Thread.print")
              .redirectErrorStream(true)
              .start();
      String dump = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      jcmd.waitFor(30, TimeUnit.SECONDS);
      return Arrays.stream(dump.split("\n\n"))
          .filter(
              stack ->
                  stack.contains("ProjectChannels.publish(")
                      && !stack.contains("ProjectChannels.appendWaiting(")
                      && stack.contains("ReentrantLock"))
          .count();
    } catch (Exception e) {
      throw new AssertionError("no thread dump of the app", e);
    }
  }

  private static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + HOLD_LIMIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, what + " within " + HOLD_LIMIT);
    }
  }

  private static PublishEventRequest event(String name) {
    return new PublishEventRequest("conversation_message", Map.of("text", name));
  }

  /** How the server refused to publish the event, or empty when it was stored. */
  private static Optional<ProblemException> refusalOf(
      EventsApi events, String project, String name) {
    try {
      events.publish(project, event(name));
      return Optional.empty();
    } catch (ProblemException refused) {
      return Optional.of(refused);
    }
  }
}
