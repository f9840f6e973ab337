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
   * One streamed response. Input items are the SDK's JSON of response input items.
   *
   * @throws LlmServiceFailure when the service answered with an error status or a broken stream
   * @throws LlmIoFailure when the service could not be reached or did not answer in time
   * @throws IllegalStateException when the stream failed or ended without a response ({@link #STREAM_FAILED})
   */
  Reply respond(Request request, Consumer<String> onTextDelta);

  @Override
  void close();

  /** Prefix of the message of an IllegalStateException for a failed or truncated stream. */
  String STREAM_FAILED = "stream:";

  /** What to ask: model, instructions, input items as JSON, and optional tool, text format (JSON) and reasoning effort. */
  record Request(String model, String instructions, List<String> inputItems, Optional<String> toolJson,
      Optional<String> textFormatJson, Optional<String> reasoningEffort, boolean parallelToolCalls) {
  }

  /** A completed response: its id and JSON, token usage, its text, its items to remember, its first function call. */
  record Reply(String responseId, String rawJson, long inputTokens, long cachedTokens, long outputTokens, long totalTokens,
      String text, List<String> rememberedItems, Optional<FunctionCall> firstFunctionCall) {
  }

  record FunctionCall(String callId, String name, String arguments) {
  }
}
