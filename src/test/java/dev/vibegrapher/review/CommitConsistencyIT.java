package dev.vibegrapher.review;

import static dev.vibegrapher.support.Runs.framesUntilEnd;
import static dev.vibegrapher.support.Runs.ofType;
import static dev.vibegrapher.support.Runs.submitPatch;
import static dev.vibegrapher.support.Runs.verdict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibegrapher.support.AcrossDatabases;
import dev.vibegrapher.support.Api;
import dev.vibegrapher.support.FakeOpenAi;
import dev.vibegrapher.support.Flavor;
import dev.vibegrapher.support.LockTimeoutApp;
import dev.vibegrapher.support.RunningApp;
import dev.vibegrapher.support.Runs;
import dev.vibegrapher.support.SharedFake;
import dev.vibegrapher.support.WsClient;
import java.sql.Connection;
import java.time.Duration;
import java.util.Map;

/**
 * A commit whose database step fails leaves git as it was: no commit without its diff marked. The
 * failure is real, on each database: another connection holds the diff's row locked past the
 * database's lock timeout.
 */
class CommitConsistencyIT {

  @AcrossDatabases
  void aCommitThatCannotBeRecordedIsUndoneInGit(Flavor flavor) throws Exception {
    FakeOpenAi fake = SharedFake.fake();
    fake.reset();
    try (RunningApp app =
        LockTimeoutApp.prepare(
            "commit-consistency-" + flavor.name().toLowerCase(), flavor, SharedFake.settings())) {
      app.start();
      Api api = app.api();
      String project = Runs.newProject(api, "x = 1\n");
      String session = Runs.openSession(api, project);
      fake.script(SharedFake.CODER_MODEL)
          .functionCall("submit_patch", submitPatch("@@ -1 +1 @@\n-x = 1\n+x = 2\n", "two"));
      fake.script(SharedFake.EVALUATOR_MODEL).structured(verdict(true, "Fine.", "Make x two"));
      String diffId;
      try (WsClient ws = WsClient.connect(app)) {
        ws.subscribe(project);
        ws.nextOfType("subscribed");
        diffId =
            ofType(
                    framesUntilEnd(
                        ws,
                        Runs.send(api, session, "x two").get("run_id").asText(),
                        Duration.ofSeconds(30)),
                    "diff_created")
                .get(0)
                .get("diff")
                .get("id")
                .asText();
      }
      api.post("/api/diffs/" + diffId + "/review", Map.of("approved", true));
      JsonNode before = api.get("/api/projects/" + project).json();

      try (Connection lock = LockTimeoutApp.connect(app, flavor)) {
        LockTimeoutApp.lockRow(lock, "diffs", diffId);
        Api.Reply failed = api.post("/api/diffs/" + diffId + "/commit", Map.of());
        assertEquals(500, failed.status(), failed.body());
        assertTrue(failed.json().has("correlation_id"));
        lock.rollback();
      }

      JsonNode after = api.get("/api/projects/" + project).json();
      assertEquals(
          before.get("current_commit"), after.get("current_commit"), "the commit was undone");
      assertEquals("x = 1\n", after.get("current_code").asText());
      assertEquals("human_approved", api.get("/api/diffs/" + diffId).json().get("status").asText());

      Api.Reply retried = api.post("/api/diffs/" + diffId + "/commit", Map.of());
      assertEquals(200, retried.status(), retried.body());
      assertEquals(
          retried.json().get("committed_sha"),
          api.get("/api/projects/" + project).json().get("current_commit"));
    }
  }
}
