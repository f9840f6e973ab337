package dev.vibegrapher.realtime.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vibegrapher.support.Api;
import dev.vibegrapher.support.Flavor;
import dev.vibegrapher.support.RunningApp;
import dev.vibegrapher.support.Runs;
import dev.vibegrapher.support.TestDatabases;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Events published together are logged in one batch: when the batch cannot be stored, every one of
 * their publishers is told, not only the one that wrote it. The failure is real: another connection
 * holds the event log locked past the database's lock_timeout.
 */
class EventLogFailureIT {

  @Test
  void everyPublisherOfABatchThatCannotBeLoggedIsTold() throws Exception {
    assumeTrue(Flavor.enabled().anyMatch(f -> f == Flavor.POSTGRESQL), "needs PostgreSQL (it.databases)");
    RunningApp app = RunningApp.prepare("event-log-failure", Flavor.POSTGRESQL, Map.of("VIBEGRAPHER_DIAGNOSTICS", "true"));
    TestDatabases.execute("ALTER DATABASE " + app.databaseName() + " SET lock_timeout = '2s'");
    try (app) {
      app.start();
      Api api = app.api();
      String project = Runs.newProject(api, "x = 1\n");
      String events = "/api/projects/" + project + "/events";
      assertEquals(202, api.post(events, event("before")).status());

      TestDatabases.Database database = new TestDatabases.Database(app.databaseName(), app.environment().get("DATABASE_URL"), null, null);
      List<Api.Reply> replies;
      try (Connection lock = database.connect(); Statement statement = lock.createStatement()) {
        lock.setAutoCommit(false);
        statement.execute("LOCK TABLE project_events IN EXCLUSIVE MODE");
        // The first publisher waits for the table; the next two queue behind it and then go in one batch.
        CompletableFuture<Api.Reply> first = CompletableFuture.supplyAsync(() -> api.post(events, event("first")));
        Thread.sleep(500);
        List<CompletableFuture<Api.Reply>> queued = List.of("second", "third").stream()
            .map(name -> CompletableFuture.supplyAsync(() -> api.post(events, event(name)))).toList();
        replies = List.of(first.join(), queued.get(0).join(), queued.get(1).join());
        lock.rollback();
      }
      assertEquals(List.of(500, 500, 500), replies.stream().map(Api.Reply::status).toList(),
          "none of them was stored, so none may be told it was: " + replies.stream().map(Api.Reply::body).toList());
      assertEquals(202, api.post(events, event("after")).status());
    }
  }

  private static Map<String, Object> event(String name) {
    return Map.of("type", "conversation_message", "data", Map.of("text", name));
  }
}
