package dev.vibegrapher.review;

import static dev.vibegrapher.support.Runs.submitPatch;
import static dev.vibegrapher.support.Runs.verdict;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vibegrapher.client.review.ReviewRequest;
import dev.vibegrapher.support.AcrossDatabases;
import dev.vibegrapher.support.Api;
import dev.vibegrapher.support.FakeOpenAi;
import dev.vibegrapher.support.Flavor;
import dev.vibegrapher.support.RunningApp;
import dev.vibegrapher.support.Runs;
import dev.vibegrapher.support.SharedApps;
import dev.vibegrapher.support.SharedFake;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;

/**
 * Many more commits at once than the server's pool has connections (32), each in a project of its
 * own, so none waits for another's project: every one lands. A commit holds its project's row and
 * writes the repository's rows in one transaction; when those took a connection each, every holder
 * waited for a second one and all failed once the pool's wait ran out.
 */
class CommitsAtOnceIT {

  private static final int COMMITS = 100;
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String PATCH = "@@ -1,1 +1,1 @@\n-x = 1\n+x = 2\n";

  private final FakeOpenAi fake = SharedFake.fake();

  @AcrossDatabases
  void moreCommitsAtOnceThanThePoolHasConnectionsAllLand(Flavor flavor) throws Exception {
    fake.reset();
    Map<String, String> settings = new HashMap<>(SharedApps.sharedSettings());
    settings.put("VIBEGRAPHER_RUNS_MAX_PER_CALLER", String.valueOf(COMMITS));
    try (RunningApp app = RunningApp.prepare("commits-at-once", flavor, settings).start()) {
      List<String> diffs = new ArrayList<>();
      for (int i = 0; i < COMMITS; i++) {
        String diff = approvedDiff(app.api());
        diffs.add(diff);
      }
      ExecutorService clients = Executors.newFixedThreadPool(COMMITS);
      try {
        List<Future<Api.Reply>> commits = new ArrayList<>();
        for (String diff : diffs) {
          commits.add(
              clients.submit(() -> app.api().post("/api/diffs/" + diff + "/commit", Map.of())));
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<Api.Reply> commit : commits) {
          statuses.add(commit.get().status());
        }
        assertEquals(List.of(200), statuses.stream().distinct().toList(), statuses.toString());
      } finally {
        clients.shutdownNow();
      }
    }
  }

  /** A new project's diff, proposed, approved by the evaluator and by the human. */
  private String approvedDiff(Api api) {
    String project = Runs.newProject(api, "x = 1\n");
    String session = Runs.openSession(api, project);
    fake.script(SharedFake.CODER_MODEL).functionCall("submit_patch", submitPatch(PATCH, "Two"));
    fake.script(SharedFake.EVALUATOR_MODEL).structured(verdict(true, "Good.", "Two"));
    Runs.start(api, session, "Make x two");
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      var pending = api.client().sessions().pendingDiffs(session);
      if (!pending.isEmpty()) {
        String diff = pending.get(0).id();
        api.client().diffs().review(diff, new ReviewRequest(true, null));
        return diff;
      }
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
    throw new AssertionError("no diff in session " + session);
  }
}
