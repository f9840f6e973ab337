package dev.vibegrapher.agent.control;

import dev.vibegrapher.agent.entity.TokenUsage;
import dev.vibegrapher.agent.openai.LlmIncomplete;
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
 * bounded in concurrency (a call the bulkhead turns away waits and tries again, like a rate limit).
 * Each policy's values can be changed through MicroProfile Config (docs/configuration.md).
 */
@ApplicationScoped
public class LlmGateway {

  private static final Logger LOG = Logger.getLogger(LlmGateway.class.getName());

  @Inject LlmSettings settings;
  @Inject OpenAiClients clients;
  @Inject LlmMetrics metrics;

  @Retry(
      maxRetries = 3,
      delay = 0,
      jitter = 0,
      maxDuration = 600_000,
      retryOn = {LlmUnavailable.class, TimeoutException.class, BulkheadException.class},
      abortOn = LlmRefused.class)
  @CircuitBreaker(
      requestVolumeThreshold = 4,
      failureRatio = 0.75,
      delay = 30_000,
      successThreshold = 1,
      failOn = {LlmUnavailable.class, TimeoutException.class})
  @Timeout(180_000)
  @Bulkhead(256)
  public LlmReply respond(LlmCall call) {
    int attempt = call.attempts().getAndIncrement() + 1;
    backOffBeforeRetry(attempt, call.askedWait().getAndSet(null));
    ResponsesApi client =
        clients
            .client()
            .orElseThrow(
                () ->
                    new LlmRefused(
                        "No OpenAI API key is configured: set OPENAI_API_KEY (and OPENAI_BASE_URL for a compatible server).",
                        null));
    long started = System.nanoTime();
    try {
      ResponsesApi.Reply completed =
          client.respond(call.params(), delta -> call.onTextDelta().accept(attempt, delta));
      long elapsed = System.nanoTime() - started;
      long latency = elapsed / 1_000_000;
      TokenUsage usage =
          new TokenUsage(
              completed.inputTokens(),
              completed.cachedTokens(),
              completed.outputTokens(),
              completed.totalTokens(),
              call.model(),
              call.agent().wireName(),
              call.iteration());
      metrics.answered(call, usage, elapsed);
      LOG.info(
          () ->
              "LLM call agent="
                  + call.agent().wireName()
                  + " model="
                  + call.model()
                  + " response="
                  + completed.responseId()
                  + " prompt_tokens="
                  + usage.promptTokens()
                  + " completion_tokens="
                  + usage.completionTokens()
                  + " latency_ms="
                  + latency
                  + " attempt="
                  + attempt);
      return new LlmReply(completed, completed.rawJson(), usage, latency);
    } catch (LlmIncomplete incomplete) {
      metrics.failed(call, incomplete);
      LOG.log(
          Level.WARNING,
          "LLM response incomplete: agent={0} model={1} reason={2}",
          new Object[] {call.agent().wireName(), call.model(), incomplete.reason()});
      throw new LlmRefused(LlmErrors.incomplete(call.agent(), incomplete.reason()), incomplete);
    } catch (LlmServiceFailure failure) {
      metrics.failed(call, failure);
      LOG.log(
          Level.WARNING,
          "LLM call failed: agent={0} model={1} attempt={2} {3}",
          new Object[] {call.agent().wireName(), call.model(), attempt, LlmErrors.forLog(failure)});
      failure.retryAfter().ifPresent(call.askedWait()::set);
      return LlmErrors.retryable(failure)
          ? unavailable(LlmErrors.describe(failure), failure)
          : refused(LlmErrors.describe(failure), failure);
    } catch (LlmIoFailure failure) {
      metrics.failed(call, failure);
      LOG.log(
          Level.WARNING,
          "LLM call failed: agent={0} model={1} attempt={2} {3}",
          new Object[] {call.agent().wireName(), call.model(), attempt, failure.getMessage()});
      if (failure.timedOut()) {
        // If @Timeout interrupted this thread, the flag must not outlive the attempt: @Retry would
        // see it and give up.
        Thread.interrupted();
      }
      throw new LlmUnavailable(LlmErrors.describe(failure, settings.requestTimeout()), failure);
    }
  }

  private static LlmReply unavailable(String detail, Throwable cause) {
    throw new LlmUnavailable(detail, cause);
  }

  private static LlmReply refused(String detail, Throwable cause) {
    throw new LlmRefused(detail, cause);
  }

  /**
   * @Retry's own delay is fixed; the wait is taken here, before a repeat attempt: what the provider
   * asked for (Retry-After and friends) when it said, else exponential with jitter; never more than
   * the configured maximum.
   */
  private void backOffBeforeRetry(int attempt, Duration asked) {
    if (attempt == 1) {
      return;
    }
    long maximum = settings.backoffMax().toMillis();
    long wait;
    if (asked != null) {
      wait = Math.min(maximum, asked.toMillis());
    } else {
      long initial = settings.backoffInitial().toMillis();
      long ceiling = Math.min(maximum, initial << Math.min(attempt - 2, 20));
      wait = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    }
    try {
      Thread.sleep(wait);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new LlmRefused("The LLM call was interrupted.", interrupted);
    }
  }
}
