package dev.vibegrapher.review;

import static dev.vibegrapher.support.Runs.framesUntilEnd;
import static dev.vibegrapher.support.Runs.ofType;
import static dev.vibegrapher.support.Runs.submitPatch;
import static dev.vibegrapher.support.Runs.verdict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vibegrapher.client.DiffsApi;
import dev.vibegrapher.client.ProblemException;
import dev.vibegrapher.client.ProjectsApi;
import dev.vibegrapher.client.project.ProjectResponse;
import dev.vibegrapher.client.review.CommitRequest;
import dev.vibegrapher.client.review.DiffView;
import dev.vibegrapher.client.review.ReviewRequest;
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
      DiffsApi diffs = api.client().diffs();
      ProjectsApi projects = api.client().projects();
      String diffId;
      try (WsClient ws = WsClient.connect(app)) {
        ws.subscribe(project);
        ws.nextOfType("subscribed");
        String runId = Runs.start(api, session, "x two").runId();
        diffId =
            ofType(framesUntilEnd(ws, runId, Duration.ofSeconds(30)), "diff_created")
                .get(0)
                .get("diff")
                .get("id")
                .asText();
      }
      diffs.review(diffId, new ReviewRequest(true, null));
      ProjectResponse before = projects.get(project);

      try (Connection lock = LockTimeoutApp.connect(app, flavor)) {
        LockTimeoutApp.lockRow(lock, "diffs", diffId);
        ProblemException failed =
            assertThrows(
                ProblemException.class, () -> diffs.commit(diffId, new CommitRequest(null)));
        assertEquals(500, failed.status(), failed.json().toString());
        assertTrue(failed.extensions().containsKey("correlation_id"), failed.json().toString());
        lock.rollback();
      }

      ProjectResponse after = projects.get(project);
      assertEquals(before.currentCommit(), after.currentCommit(), "the commit was undone");
      assertEquals("x = 1\n", after.currentCode());
      assertEquals("human_approved", diffs.get(diffId).status());

      DiffView retried = diffs.commit(diffId, new CommitRequest(null));
      assertEquals(retried.committedSha(), projects.get(project).currentCommit());
    }
  }
}
