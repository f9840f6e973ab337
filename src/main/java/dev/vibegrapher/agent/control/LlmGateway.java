package dev.vibegrapher.agent.control;

import dev.vibegrapher.agent.entity.TokenUsage;
import dev.vibegrapher.agent.openai.LlmIoFailure;
import dev.vibegrapher.agent.openai.LlmServiceFailure;
import dev.vibegrapher.agent.openai.ResponsesApi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * The one door to the LLM. Every call streams (so coder text is forwarded as it is generated) and
 * is guarded by MicroProfile Fault Tolerance: retried with exponential backoff and jitter only when
 * retrying can help, timed out, cut off by a circuit breaker when the service keeps failing, and
 * bounded in concurrency (a call the bulkhead turns away waits and tries again, like a rate limit). Each policy's values can be changed through MicroProfile Config
 * (docs/configuration.md).
 */
@ApplicationScoped
public class LlmGateway {

  private static final Logger LOG = Logger.getLogger(LlmGateway.class.getName());

  @Inject LlmSettings settings;
  @Inject OpenAiClients clients;
  @Inject LlmMetrics metrics;

  @Retry(maxRetries = 3, delay = 0, jitter = 0, maxDuration = 600_000,
      retryOn = {LlmUnavailable.class, TimeoutException.class, BulkheadException.class}, abortOn = LlmRefused.class)
  @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 30_000, successThreshold = 1,
      failOn = {LlmUnavailable.class, TimeoutException.class})
  @Timeout(180_000)
  @Bulkhead(256)
  public LlmReply respond(LlmCall call) {
    backOffBeforeRetry(call.attempts().getAndIncrement());
    ResponsesApi client = clients.client().orElseThrow(() -> new LlmRefused(
        "No OpenAI API key is configured: set OPENAI_API_KEY (and OPENAI_BASE_URL for a compatible server).", null));
    long started = System.nanoTime();
    try {
      ResponsesApi.Reply completed = client.respond(call.params(), call.onTextDelta());
      long elapsed = System.nanoTime() - started;
      long latency = elapsed / 1_000_000;
      TokenUsage usage = new TokenUsage(completed.inputTokens(), completed.cachedTokens(), completed.outputTokens(),
          completed.totalTokens(), call.model(), call.agent().wireName(), call.iteration());
      metrics.answered(call, usage, elapsed);
      LOG.info(() -> "LLM call agent=" + call.agent().wireName() + " model=" + call.model() + " response="
          + completed.responseId() + " prompt_tokens=" + usage.promptTokens() + " completion_tokens=" + usage.completionTokens()
          + " latency_ms=" + latency + " attempt=" + call.attempts().get());
      return new LlmReply(completed, completed.rawJson(), usage, latency);
    } catch (IllegalStateException streamFailure) {
      String message = String.valueOf(streamFailure.getMessage());
      if (message.startsWith(ResponsesApi.STREAM_FAILED)) {
        metrics.failed(call, streamFailure);
        throw new LlmUnavailable(message.substring(ResponsesApi.STREAM_FAILED.length()), null);
      }
      throw streamFailure;
    } catch (LlmServiceFailure failure) {
      metrics.failed(call, failure);
      throw classify(failure, call);
    } catch (LlmIoFailure failure) {
      metrics.failed(call, failure);
      LOG.log(Level.WARNING, "LLM call failed: agent={0} model={1} {2}", new Object[] {call.agent().wireName(), call.model(), failure.getMessage()});
      if (failure.timedOut()) {
        // If @Timeout interrupted this thread, the flag must not outlive the attempt: @Retry would see it and give up.
        Thread.interrupted();
        throw new LlmUnavailable("The LLM did not answer in time (request timeout " + settings.requestTimeout().toSeconds() + " s).", failure);
      }
      throw new LlmUnavailable("The LLM service could not be reached: " + failure.getMessage(), failure);
    }
  }

  private static RuntimeException classify(LlmServiceFailure failure, LlmCall call) {
    int status = failure.status();
    String detail = "The LLM service answered " + status + ": " + failure.getMessage();
    LOG.log(Level.WARNING, "LLM call failed: agent={0} model={1} status={2}", new Object[] {call.agent().wireName(), call.model(), status});
    if (failure.streamError() || status == 408 || status == 409 || status == 429 || status >= 500) {
      return new LlmUnavailable(detail, failure);
    }
    return new LlmRefused(detail, failure);
  }

  // @Retry's own delay is fixed; the growing wait with jitter is taken here, before a repeat attempt.
  private void backOffBeforeRetry(int attempt) {
    if (attempt == 0) {
      return;
    }
    long initial = settings.backoffInitial().toMillis();
    long ceiling = Math.min(settings.backoffMax().toMillis(), initial << Math.min(attempt - 1, 20));
    long wait = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    try {
      Thread.sleep(Duration.ofMillis(wait).toMillis());
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new LlmRefused("The LLM call was interrupted.", interrupted);
    }
  }
}
