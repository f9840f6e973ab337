package dev.vibegrapher.agent.openai;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.SseException;
import com.openai.models.Reasoning;
import com.openai.models.ReasoningEffort;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseIncludable;
import com.openai.models.responses.ResponseStreamEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The SDK behind {@link ResponsesApi}; only ever named inside method bodies of the public types.
 */
final class SdkResponsesApi implements ResponsesApi {

  private final OpenAIClient client;

  SdkResponsesApi(String apiKey, String baseUrl, Duration timeout) {
    client =
        OpenAIOkHttpClient.builder()
            .apiKey(apiKey)
            .baseUrl(baseUrl)
            .maxRetries(0)
            .timeout(timeout)
            .build();
  }

  /**
   * The stored items, tool and text format go to the SDK as JSON values, written as they are: read
   * into the SDK's union types, each input item was tried against every variant: a quarter of the
   * call's CPU, and growing with the session's memory.
   *
   * <p>Nothing is kept at the provider ({@code store: false}): the agents' memory is ours. A
   * reasoning model's reasoning items then come back only as encrypted content, which is asked for
   * and sent back with the items they produced (docs/agents.md, "Memory").
   */
  static ResponseCreateParams params(Request request) {
    ResponseCreateParams.Builder params =
        ResponseCreateParams.builder()
            .model(request.model())
            .instructions(request.instructions())
            .store(false)
            .input(Sdk.replayable(request.inputItems(), request.reasons()));
    request
        .toolJson()
        .ifPresent(
            json ->
                params
                    .tools(Sdk.jsonArray(List.of(json)))
                    .parallelToolCalls(request.parallelToolCalls()));
    request.textFormatJson().ifPresent(json -> params.text(Sdk.json(json)));
    request
        .reasoningEffort()
        .ifPresent(
            effort ->
                params
                    .reasoning(Reasoning.builder().effort(ReasoningEffort.of(effort)).build())
                    .addInclude(ResponseIncludable.REASONING_ENCRYPTED_CONTENT));
    return params.build();
  }

  @Override
  public Reply respond(Request request, Consumer<String> onTextDelta) {
    try (StreamResponse<ResponseStreamEvent> stream =
        client.responses().createStreaming(params(request))) {
      Response completed =
          stream.stream()
              .peek(event -> forwardText(event, onTextDelta))
              .map(SdkResponsesApi::completedResponse)
              .flatMap(Optional::stream)
              .reduce((first, second) -> second)
              .orElseThrow(
                  () ->
                      streamBreak(
                          LlmServiceFailure.StreamBreak.ENDED_EARLY,
                          null,
                          "The stream ended before the response was complete."));
      return Sdk.reply(completed);
    } catch (SseException failure) {
      throw new LlmServiceFailure(
          "The stream reported an error.",
          failure.statusCode(),
          LlmServiceFailure.StreamBreak.ERROR_EVENT,
          failure.type().orElse(null),
          failure.code().orElse(null),
          failure.param().orElse(null),
          null,
          failure);
    } catch (OpenAIServiceException failure) {
      Optional<Duration> wait =
          RateLimitHeaders.retryAfter(failure.headers().asMap(), Instant.now());
      throw new LlmServiceFailure(
          "The service answered " + failure.statusCode() + ".",
          failure.statusCode(),
          LlmServiceFailure.StreamBreak.NONE,
          failure.type().orElse(null),
          failure.code().orElse(null),
          failure.param().orElse(null),
          wait.orElse(null),
          failure);
    } catch (OpenAIIoException failure) {
      throw new LlmIoFailure(failure.getMessage(), causedByTimeout(failure), failure);
    }
  }

  private static void forwardText(ResponseStreamEvent event, Consumer<String> onTextDelta) {
    event.outputTextDelta().ifPresent(delta -> onTextDelta.accept(delta.delta()));
    event.refusalDelta().ifPresent(delta -> onTextDelta.accept(delta.delta()));
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
      throw streamBreak(
          LlmServiceFailure.StreamBreak.RESPONSE_FAILED,
          failed.error().map(error -> error.code().asString()).orElse(null),
          "The response failed.");
    }
    if (event.error().isPresent()) {
      throw streamBreak(
          LlmServiceFailure.StreamBreak.ERROR_EVENT,
          event.error().get().code().orElse(null),
          "The stream reported an error.");
    }
    if (event.incomplete().isPresent()) {
      Response incomplete = event.incomplete().get().response();
      throw new LlmIncomplete(
          incomplete
              .incompleteDetails()
              .flatMap(details -> details.reason())
              .map(reason -> reason.asString())
              .orElse("no reason given"));
    }
    return event.completed().map(done -> done.response());
  }

  private static LlmServiceFailure streamBreak(
      LlmServiceFailure.StreamBreak kind, String code, String message) {
    return new LlmServiceFailure(message, 200, kind, null, code, null, null, null);
  }

  @Override
  public void close() {
    client.close();
  }
}
