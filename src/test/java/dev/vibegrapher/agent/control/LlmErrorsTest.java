package dev.vibegrapher.agent.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vibegrapher.agent.openai.Items;
import dev.vibegrapher.agent.openai.LlmIoFailure;
import dev.vibegrapher.agent.openai.LlmServiceFailure;
import dev.vibegrapher.agent.openai.ResponsesApi;
import dev.vibegrapher.support.FakeOpenAi;
import dev.vibegrapher.support.FakeProvider;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The words a run fails with, for failures the real SDK reports from a fake that answers as the API
 * does: ours, with the provider's status and error code, never the provider's own message (each
 * scripted message below carries a marker that must not come out). A retryable failure's words are
 * those the run ends with once the retries have run out: the gateway's @Retry rethrows the last
 * attempt's failure.
 */
class LlmErrorsTest {

  private static final String MODEL = "gpt-5-mini";
  private static final String PLAIN = "plain-model";
  private static final String PROVIDERS_TEXT = "org-SECRET sk-abc***wxyz";

  @RegisterExtension static final FakeProvider PROVIDER = FakeProvider.withPlainModels(PLAIN);

  @Test
  void aRateLimitThatOutlastsTheRetries() {
    LlmServiceFailure limited =
        serviceFailure(
            r ->
                r.error(
                        429,
                        "requests",
                        "rate_limit_exceeded",
                        "Rate limit reached for gpt-5-mini in organization " + PROVIDERS_TEXT)
                    .header("retry-after-ms", "20"));
    assertTrue(LlmErrors.retryable(limited));
    assertEquals(
        "The LLM service's rate limit was reached (429 rate_limit_exceeded).",
        LlmErrors.describe(limited));
  }

  @Test
  void aStreamBrokenByAnErrorEvent() {
    LlmServiceFailure broken =
        serviceFailure(r -> r.text("Half of it").breakStream(FakeOpenAi.StreamBreak.ERROR_EVENT));
    assertTrue(LlmErrors.retryable(broken));
    assertEquals(
        "The LLM's stream broke off with an error (stream error server_error).",
        LlmErrors.describe(broken));
  }

  @Test
  void aStreamBrokenByResponseFailed() {
    LlmServiceFailure failed =
        serviceFailure(
            r -> r.text("Half of it").breakStream(FakeOpenAi.StreamBreak.RESPONSE_FAILED));
    assertTrue(LlmErrors.retryable(failed));
    assertEquals(
        "The LLM failed to finish its response (response.failed server_error).",
        LlmErrors.describe(failed));
  }

  @Test
  void aStreamThatEndedBeforeTheResponseWasComplete() {
    LlmServiceFailure ended =
        serviceFailure(r -> r.text("Half of it").breakStream(FakeOpenAi.StreamBreak.ENDED_EARLY));
    assertTrue(LlmErrors.retryable(ended));
    assertEquals(
        "The LLM's stream ended before the response was complete.",
        LlmErrors.describe(ended),
        "the provider gave no status but 200 and no code: our words alone");
  }

  @Test
  void aConnectionCutMidStream() {
    PROVIDER
        .fake()
        .script(MODEL)
        .reply(r -> r.text("Half of it").breakStream(FakeOpenAi.StreamBreak.CONNECTION_CUT));
    LlmIoFailure cut =
        assertThrows(
            LlmIoFailure.class,
            () -> PROVIDER.api().respond(request(MODEL, Optional.of("low")), d -> {}));
    assertFalse(cut.timedOut());
    assertEquals(
        "The LLM service could not be reached, or the connection broke off.",
        LlmErrors.describe(cut, Duration.ofSeconds(120)));
  }

  @Test
  void failuresThatAreNotRetriedSayWhatToCheck() {
    LlmServiceFailure key =
        serviceFailure(
            r ->
                r.error(
                    401,
                    "invalid_request_error",
                    "invalid_api_key",
                    "Incorrect API key provided: " + PROVIDERS_TEXT));
    assertFalse(LlmErrors.retryable(key));
    assertEquals(
        "The LLM service did not accept the API key (401 invalid_api_key): check OPENAI_API_KEY.",
        LlmErrors.describe(key));

    LlmServiceFailure quota =
        serviceFailure(
            r ->
                r.error(
                    429,
                    "insufficient_quota",
                    "insufficient_quota",
                    "You exceeded your current quota " + PROVIDERS_TEXT));
    assertFalse(LlmErrors.retryable(quota));
    assertEquals(
        "The LLM account has no quota left (429 insufficient_quota): check the plan and billing of the key's account.",
        LlmErrors.describe(quota));

    // The fake refuses a reasoning effort for a model that does not reason, naming the parameter.
    LlmServiceFailure invalid =
        assertThrows(
            LlmServiceFailure.class,
            () -> PROVIDER.api().respond(request(PLAIN, Optional.of("low")), d -> {}));
    assertFalse(LlmErrors.retryable(invalid));
    assertEquals(
        "The LLM service refused the request as invalid (400 unsupported_parameter, param reasoning.effort).",
        LlmErrors.describe(invalid));
  }

  private static LlmServiceFailure serviceFailure(Consumer<FakeOpenAi.Reply> reply) {
    PROVIDER.fake().script(MODEL).reply(reply);
    LlmServiceFailure failure =
        assertThrows(
            LlmServiceFailure.class,
            () -> PROVIDER.api().respond(request(MODEL, Optional.of("low")), d -> {}));
    assertFalse(
        LlmErrors.forLog(failure).contains(PROVIDERS_TEXT),
        "nor does the log get the provider's text");
    return failure;
  }

  private static ResponsesApi.Request request(String model, Optional<String> reasoningEffort) {
    return new ResponsesApi.Request(
        model,
        "Be brief.",
        List.of(Items.userMessage("Hi")),
        Optional.empty(),
        Optional.empty(),
        reasoningEffort,
        false);
  }
}
