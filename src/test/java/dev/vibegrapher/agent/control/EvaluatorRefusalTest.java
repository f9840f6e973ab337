package dev.vibegrapher.agent.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vibegrapher.agent.entity.Verdict;
import dev.vibegrapher.agent.openai.ResponsesApi;
import dev.vibegrapher.support.FakeProvider;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An evaluator asked to review a patch that answers with a refusal: docs/agents.md says it fails
 * the run, saying so. The review is the evaluator's own request, sent by the real SDK to the
 * PROVIDER.fake().
 */
class EvaluatorRefusalTest {

  private static final String EVALUATOR = "gpt-5-nano";

  @RegisterExtension static final FakeProvider PROVIDER = FakeProvider.reasoning();

  @Test
  void aRefusalToReviewFailsTheRunSayingSo() {
    PROVIDER.fake().script(EVALUATOR).reply(r -> r.refusal("I can't review this code."));
    ResponsesApi.Reply refused = review();
    // LlmRefused is what VibecodeEngine.run turns into the run's failure, with this message as its
    // detail.
    LlmRefused failure = assertThrows(LlmRefused.class, () -> Evaluator.verdict(refused));
    assertEquals(
        "The evaluator declined to review the patch: I can't review this code.",
        failure.getMessage());
    assertTrue(
        PROVIDER.fake().rejectedRequests().isEmpty(),
        () -> PROVIDER.fake().rejectedRequests().get(0).rejection());
  }

  @Test
  void aVerdictIsReadFromTheSameRequest() {
    PROVIDER
        .fake()
        .script(EVALUATOR)
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
    return PROVIDER
        .api()
        .respond(
            Evaluator.reviewRequest(EVALUATOR, Optional.of("low"), List.of(question)), d -> {});
  }
}
