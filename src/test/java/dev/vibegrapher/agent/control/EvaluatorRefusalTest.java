package dev.vibegrapher.agent.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vibegrapher.agent.entity.Verdict;
import dev.vibegrapher.agent.openai.ResponsesApi;
import dev.vibegrapher.support.FakeOpenAi;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An evaluator asked to review a patch that answers with a refusal: docs/agents.md says it fails
 * the run, saying so. The review is the evaluator's own request, sent by the real SDK to the fake.
 */
class EvaluatorRefusalTest {

  private static final String EVALUATOR = "gpt-5-nano";

  private static FakeOpenAi fake;
  private static ResponsesApi api;

  @BeforeAll
  static void connect() {
    fake = FakeOpenAi.start();
    api = ResponsesApi.connect("test-key", fake.baseUrl(), Duration.ofSeconds(10));
  }

  @AfterAll
  static void disconnect() {
    api.close();
    fake.close();
  }

  @BeforeEach
  void reset() {
    fake.reset();
  }

  @Test
  void aRefusalToReviewFailsTheRunSayingSo() {
    fake.script(EVALUATOR).reply(r -> r.refusal("I can't review this code."));
    ResponsesApi.Reply refused = review();
    // LlmRefused is what VibecodeEngine.run turns into the run's failure, with this message as its
    // detail.
    LlmRefused failure = assertThrows(LlmRefused.class, () -> Evaluator.verdict(refused));
    assertEquals(
        "The evaluator declined to review the patch: I can't review this code.",
        failure.getMessage());
    assertTrue(fake.rejectedRequests().isEmpty(), () -> fake.rejectedRequests().get(0).rejection());
  }

  @Test
  void aVerdictIsReadFromTheSameRequest() {
    fake.script(EVALUATOR)
        .structured(
            "{\"approved\":false,\"reasoning\":\"It breaks greet.\",\"commit_message\":\"\"}");
    Verdict verdict = Evaluator.verdict(review());
    assertFalse(verdict.approved());
    assertEquals("It breaks greet.", verdict.reasoning());
  }

  private static ResponsesApi.Reply review() {
    String question =
        Conversation.userMessage(
            Evaluator.request(
                "Say Hi", "greets with Hi", "@@ -1 +1 @@\n-a\n+b\n", "app.py", "a", "b"));
    return api.respond(
        Evaluator.reviewRequest(EVALUATOR, Optional.of("low"), List.of(question)), d -> {});
  }
}
