package dev.vibegrapher.agent.openai;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** A streaming Responses API client. Signatures name JDK types only (see package-info). */
public interface ResponsesApi extends AutoCloseable {

  /** A client with the SDK's own retries off: the caller's retry is the only one. */
  static ResponsesApi connect(String apiKey, String baseUrl, Duration timeout) {
    return new SdkResponsesApi(apiKey, baseUrl, timeout);
  }

  /**
   * One streamed response. Input items are the SDK's JSON of response input items, as remembered;
   * they are sent as the API's pairing rules allow ({@link Items#replayable}).
   *
   * @throws LlmServiceFailure when the service answered with an error status, or its stream broke
   *     off (an error event, response.failed, or an end before the response was complete)
   * @throws LlmIoFailure when the service could not be reached, did not answer in time, or the
   *     connection broke
   * @throws LlmIncomplete when the response ended incomplete (max_output_tokens, content_filter)
   */
  Reply respond(Request request, Consumer<String> onTextDelta);

  @Override
  void close();

  /**
   * What to ask: model, instructions, input items as JSON, and optional tool, text format (JSON)
   * and reasoning effort. With a reasoning effort the model reasons: its reasoning items come back
   * with their encrypted content, to be remembered and sent again with the items they produced
   * (nothing is stored at the provider: every request says {@code store: false}).
   */
  record Request(
      String model,
      String instructions,
      List<String> inputItems,
      Optional<String> toolJson,
      Optional<String> textFormatJson,
      Optional<String> reasoningEffort,
      boolean parallelToolCalls) {

    boolean reasons() {
      return reasoningEffort.isPresent();
    }
  }

  /**
   * A completed response: its id and JSON, token usage, its text (a refusal's text included), its
   * items to remember, its first function call, and the model's refusal if it refused.
   */
  record Reply(
      String responseId,
      String rawJson,
      long inputTokens,
      long cachedTokens,
      long outputTokens,
      long totalTokens,
      String text,
      List<String> rememberedItems,
      Optional<FunctionCall> firstFunctionCall,
      Optional<String> refusal) {}

  record FunctionCall(String callId, String name, String arguments) {}
}
