package dev.vibegrapher.agent;

import static dev.vibegrapher.support.Runs.framesUntilEnd;
import static dev.vibegrapher.support.Runs.ofType;
import static dev.vibegrapher.support.Runs.submitPatch;
import static dev.vibegrapher.support.Runs.verdict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibegrapher.client.review.ReviewRequest;
import dev.vibegrapher.client.review.ReviewResponse;
import dev.vibegrapher.support.AcrossDatabases;
import dev.vibegrapher.support.Api;
import dev.vibegrapher.support.FakeOpenAi;
import dev.vibegrapher.support.FakeOpenAi.RecordedRequest;
import dev.vibegrapher.support.Flavor;
import dev.vibegrapher.support.RunningApp;
import dev.vibegrapher.support.Runs;
import dev.vibegrapher.support.WsClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A long session on the product's default models (gpt-5-mini codes, gpt-5-nano evaluates), which
 * reason: every run goes on from the memory of the ones before, against a fake that refuses input
 * breaking the Responses API's pairing of reasoning items, as the real API does.
 */
class ReasoningSessionIT {

  private static final String CODER = "gpt-5-mini";
  private static final String EVALUATOR = "gpt-5-nano";
  private static final Duration RUN = Duration.ofSeconds(30);
  private static final String CODE = "x = 1\ny = 2\n";
  private static final String PATCH_X = "@@ -1,2 +1,2 @@\n-x = 1\n+x = 10\n y = 2\n";
  private static final String PATCH_Y = "@@ -1,2 +1,2 @@\n x = 1\n-y = 2\n+y = 20\n";

  @AcrossDatabases
  void everyRunOfALongSessionOnTheDefaultModelsCompletes(Flavor flavor) {
    try (FakeOpenAi fake = FakeOpenAi.start();
        RunningApp app =
            RunningApp.prepare(
                    "reasoning-" + flavor.name().toLowerCase(),
                    flavor,
                    Map.of(
                        "OPENAI_API_KEY",
                        "test-key-not-a-secret",
                        "OPENAI_BASE_URL",
                        fake.baseUrl()))
                .start()) {
      Api api = app.api();
      String project = Runs.newProject(api, CODE);
      String session = Runs.openSession(api, project);
      try (WsClient ws = WsClient.connect(app)) {
        ws.subscribe(project);
        ws.nextOfType("subscribed");

        fake.script(CODER).text("x is one and y is two.");
        assertCompleted("text", run(ws, api, session, "What are x and y?"));

        fake.script(CODER)
            .reply(
                r ->
                    r.text("Setting x to ten.")
                        .functionCall("submit_patch", submitPatch(PATCH_X, "x ten")));
        fake.script(EVALUATOR).structured(verdict(true, "Does what was asked.", "Set x to ten"));
        List<JsonNode> patched = run(ws, api, session, "Make x ten");
        assertCompleted("diff", patched);
        String diffId = ofType(patched, "diff_created").get(0).get("diff").get("id").asText();

        fake.script(CODER).text("The diff sets x to ten and leaves y alone.");
        assertCompleted("text", run(ws, api, session, "What does your change do?"));

        fake.script(CODER).functionCall("submit_patch", submitPatch(PATCH_Y, "y twenty instead"));
        fake.script(EVALUATOR)
            .structured(verdict(true, "Follows the feedback.", "Set y to twenty"));
        ReviewResponse rejected =
            api.client().diffs().review(diffId, new ReviewRequest(false, "Change y, not x"));
        assertCompleted("diff", framesUntilEnd(ws, rejected.runId(), RUN));
      }

      app.stop();
      app.start();
      try (WsClient ws = WsClient.connect(app)) {
        ws.subscribe(project);
        ws.nextOfType("subscribed");
        fake.script(CODER).text("Still here: y is now twenty in the pending diff.");
        assertCompleted("text", run(ws, app.api(), session, "Where were we?"));
      }

      assertTrue(
          fake.rejectedRequests().isEmpty(),
          () -> "the API would have refused: " + fake.rejectedRequests().get(0).rejection());
      List<RecordedRequest> coder = fake.requestsFor(CODER);
      assertEquals(5, coder.size(), "one call per run: an approval ends its run without another");
      JsonNode lastInput = coder.get(coder.size() - 1).input();
      assertEquals(
          4,
          count(lastInput, "reasoning"),
          "every earlier coder answer went back with its reasoning item, across the restart: "
              + lastInput);
      assertEquals(
          1,
          count(fake.requestsFor(EVALUATOR).get(1).input(), "reasoning"),
          "the evaluator's second review goes on from its first, reasoning item included");
    }
  }

  private static List<JsonNode> run(WsClient ws, Api api, String session, String prompt) {
    return framesUntilEnd(ws, Runs.start(api, session, prompt).runId(), RUN);
  }

  private static void assertCompleted(String outcome, List<JsonNode> frames) {
    List<JsonNode> completed = ofType(frames, "vibecode_completed");
    assertEquals(1, completed.size(), () -> "the run failed: " + ofType(frames, "vibecode_error"));
    assertEquals(outcome, completed.get(0).get("outcome").asText());
  }

  private static long count(JsonNode items, String type) {
    long n = 0;
    for (JsonNode item : items) {
      n += item.path("type").asText().equals(type) ? 1 : 0;
    }
    return n;
  }
}
