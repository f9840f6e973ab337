package dev.vibegrapher.agent;

import static dev.vibegrapher.support.Runs.framesUntilEnd;
import static dev.vibegrapher.support.Runs.ofType;
import static dev.vibegrapher.support.Runs.submitPatch;
import static dev.vibegrapher.support.Runs.verdict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibegrapher.support.FakeOpenAi;
import dev.vibegrapher.support.FakeOpenAi.RecordedRequest;
import dev.vibegrapher.support.Flavor;
import dev.vibegrapher.support.RunningApp;
import dev.vibegrapher.support.Runs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The same code on an OpenAI-compatible server whose models do not reason (Azure, vLLM, Ollama): no
 * reasoning parameter (it would be refused), no reasoning items, usage with or without details. On
 * H2 only: the database plays no part in what is sent to the LLM, and the long session of
 * ReasoningSessionIT runs on both.
 */
class PlainServerIT {

  private static final String CODER = "plain-coder";
  private static final String EVALUATOR = "plain-evaluator";
  private static final Duration RUN = Duration.ofSeconds(30);

  @Test
  void aSessionOnModelsThatDoNotReasonCompletesEveryRun() {
    try (FakeOpenAi fake = FakeOpenAi.start().plainModels(CODER, EVALUATOR);
        RunningApp app =
            RunningApp.prepare(
                    "plain-server",
                    Flavor.H2,
                    Map.of(
                        "OPENAI_API_KEY",
                        "test-key-not-a-secret",
                        "OPENAI_BASE_URL",
                        fake.baseUrl(),
                        "VIBEGRAPHER_CODER_MODEL",
                        CODER,
                        "VIBEGRAPHER_EVALUATOR_MODEL",
                        EVALUATOR,
                        "VIBEGRAPHER_REASONING_EFFORT",
                        "none"))
                .start();
        Runs.Room room = Runs.Room.open(app, "x = 1\n")) {
      fake.script(CODER)
          .reply(r -> r.text("x is one.").usageShape(FakeOpenAi.UsageShape.WITHOUT_DETAILS))
          .reply(
              r ->
                  r.functionCall(
                          "submit_patch", submitPatch("@@ -1 +1 @@\n-x = 1\n+x = 2\n", "x two"))
                      .usageShape(FakeOpenAi.UsageShape.NONE))
          .text("It sets x to two.");
      fake.script(EVALUATOR)
          .reply(
              r ->
                  r.structured(verdict(true, "Fine.", "Set x to two"))
                      .usageShape(FakeOpenAi.UsageShape.WITHOUT_DETAILS));

      List<JsonNode> answered = run(room, "What is x?");
      assertEquals(
          "text",
          ofType(answered, "vibecode_completed").get(0).get("outcome").asText(),
          answered.toString());
      JsonNode usage = ofType(answered, "token_usage").get(0);
      assertEquals(100, usage.get("prompt_tokens").asLong());
      assertEquals(0, usage.get("cached_prompt_tokens").asLong(), "no details: nothing cached");
      assertEquals(
          "diff",
          ofType(run(room, "Make x two"), "vibecode_completed").get(0).get("outcome").asText());
      assertEquals(
          "text",
          ofType(run(room, "What did you change?"), "vibecode_completed")
              .get(0)
              .get("outcome")
              .asText());

      assertTrue(
          fake.rejectedRequests().isEmpty(), () -> fake.rejectedRequests().get(0).rejection());
      for (RecordedRequest request : fake.requests()) {
        assertFalse(
            request.body().has("reasoning") || request.body().has("include"), request.rawBody());
        request
            .input()
            .forEach(
                item ->
                    assertFalse(item.path("type").asText().equals("reasoning"), item.toString()));
      }
    }
  }

  private static List<JsonNode> run(Runs.Room room, String prompt) {
    return framesUntilEnd(
        room.ws(), Runs.send(room.api(), room.sessionId(), prompt).get("run_id").asText(), RUN);
  }
}
