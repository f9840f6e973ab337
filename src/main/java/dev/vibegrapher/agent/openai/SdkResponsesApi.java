package dev.vibegrapher.agent.openai;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.Reasoning;
import com.openai.models.ReasoningEffort;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** The SDK behind {@link ResponsesApi}; only ever named inside method bodies of the public types. */
final class SdkResponsesApi implements ResponsesApi {

  private final OpenAIClient client;

  SdkResponsesApi(String apiKey, String baseUrl, Duration timeout) {
    client = OpenAIOkHttpClient.builder().apiKey(apiKey).baseUrl(baseUrl).maxRetries(0).timeout(timeout).build();
  }

  /**
   * The stored items, tool and text format go to the SDK as JSON values, written as they are: read
   * into the SDK's union types, each input item was tried against every variant: a quarter of the
   * call's CPU, and growing with the session's memory.
   */
  static ResponseCreateParams params(Request request) {
    ResponseCreateParams.Builder params = ResponseCreateParams.builder()
        .model(request.model())
        .instructions(request.instructions())
        .input(Sdk.jsonArray(request.inputItems()));
    request.toolJson().ifPresent(json -> params.tools(Sdk.jsonArray(List.of(json))).parallelToolCalls(request.parallelToolCalls()));
    request.textFormatJson().ifPresent(json -> params.text(Sdk.json(json)));
    request.reasoningEffort().ifPresent(effort -> params.reasoning(Reasoning.builder().effort(ReasoningEffort.of(effort)).build()));
    return params.build();
  }

  @Override
  public Reply respond(Request request, Consumer<String> onTextDelta) {
    try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(params(request))) {
      Response completed = stream.stream()
          .peek(event -> event.outputTextDelta().ifPresent(delta -> onTextDelta.accept(delta.delta())))
          .map(SdkResponsesApi::completedResponse)
          .flatMap(Optional::stream)
          .reduce((first, second) -> second)
          .orElseThrow(() -> new IllegalStateException(STREAM_FAILED + "The LLM stream ended without a completed response."));
      return Sdk.reply(completed);
    } catch (OpenAIServiceException failure) {
      throw new LlmServiceFailure(failure.getMessage(), failure.statusCode(), failure instanceof com.openai.errors.SseException, failure);
    } catch (OpenAIIoException failure) {
      throw new LlmIoFailure(failure.getMessage(), causedByTimeout(failure), failure);
    }
  }

  private static boolean causedByTimeout(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof java.io.InterruptedIOException) {
        return true;
      }
    }
    return false;
  }

  private static Optional<Response> completedResponse(ResponseStreamEvent event) {
    if (event.failed().isPresent()) {
      Response failed = event.failed().get().response();
      String reason = failed.error().map(error -> error.code() + ": " + error.message()).orElse("no reason given");
      throw new IllegalStateException(STREAM_FAILED + "The LLM response failed (" + reason + ").");
    }
    if (event.error().isPresent()) {
      throw new IllegalStateException(STREAM_FAILED + "The LLM stream reported an error: " + event.error().get().message());
    }
    if (event.incomplete().isPresent()) {
      return Optional.of(event.incomplete().get().response());
    }
    return event.completed().map(done -> done.response());
  }

  @Override
  public void close() {
    client.close();
  }
}
