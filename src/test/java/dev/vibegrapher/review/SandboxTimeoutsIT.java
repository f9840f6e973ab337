package dev.vibegrapher.review;

import static dev.vibegrapher.support.Runs.framesUntilEnd;
import static dev.vibegrapher.support.Runs.ofType;
import static dev.vibegrapher.support.Runs.submitPatch;
import static dev.vibegrapher.support.Runs.verdict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vibegrapher.client.Vibegrapher;
import dev.vibegrapher.client.project.TestCaseRequest;
import dev.vibegrapher.client.review.TestResult;
import dev.vibegrapher.client.session.SendMessageRequest;
import dev.vibegrapher.support.FakeOpenAi;
import dev.vibegrapher.support.Flavor;
import dev.vibegrapher.support.RunningApp;
import dev.vibegrapher.support.Runs;
import dev.vibegrapher.support.SharedFake;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The test cases' two time limits: a quick test's and any other's, each as configured. The defaults
 * (5 s and 30 s) are checked where they are set, by SandboxTimeoutDefaultsTest, and the quick 5 s
 * also by ReviewIT on the shared apps; here an app of its own has short limits, so the non-quick
 * limit is seen without waiting 30 s.
 */
class SandboxTimeoutsIT {

  static final String CODE = "x = 1\n";
  static final Duration RUN = Duration.ofSeconds(30);

  /**
   * On H2 only: the limits are the sandbox's, which keeps no state in the database; the runs and
   * diffs around them are tested on both databases by ReviewIT.
   */
  @Test
  void aNonQuickTestRunsUntilItsOwnLimitAndAQuickOneUntilTheQuickLimit() {
    FakeOpenAi fake = SharedFake.fake();
    fake.reset();
    Map<String, String> settings = new HashMap<>(SharedFake.settings());
    settings.put("VIBEGRAPHER_TESTS_QUICK_TIMEOUT_SECONDS", "1");
    settings.put("VIBEGRAPHER_TESTS_TIMEOUT_SECONDS", "3");
    try (RunningApp app = RunningApp.prepare("sandbox-timeouts", Flavor.H2, settings).start();
        Runs.Room room = Runs.Room.open(app, CODE)) {
      Vibegrapher client = room.api().client();
      client
          .testCases()
          .create(
              room.projectId(),
              new TestCaseRequest("quick and endless", "while True:\n    pass", true));
      client
          .testCases()
          .create(room.projectId(), new TestCaseRequest("endless", "while True:\n    pass", false));
      fake.script(SharedFake.CODER_MODEL)
          .functionCall("submit_patch", submitPatch("@@ -1 +1 @@\n-x = 1\n+x = 2\n", "two"));
      fake.script(SharedFake.EVALUATOR_MODEL).structured(verdict(true, "Fine.", "Make x two"));
      String runId =
          client.sessions().send(room.sessionId(), new SendMessageRequest("x two")).runId();
      String id =
          ofType(framesUntilEnd(room.ws(), runId, RUN), "diff_created")
              .get(0)
              .get("diff")
              .get("id")
              .asText();

      Map<String, TestResult> results = new HashMap<>();
      client.diffs().runTests(id).testResults().forEach(r -> results.put(r.testName(), r));
      assertTimedOut(results.get("quick and endless"), 1);
      assertTimedOut(results.get("endless"), 3);
    }
  }

  private static void assertTimedOut(TestResult result, int seconds) {
    assertEquals("error", result.status(), result.toString());
    assertTrue(result.output().startsWith("Timed out after " + seconds + " s."), result.toString());
    assertTrue(result.durationMs() >= seconds * 1000L, "it ran for its whole limit: " + result);
  }
}
