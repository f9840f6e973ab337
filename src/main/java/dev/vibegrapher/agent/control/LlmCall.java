package dev.vibegrapher.agent.control;

import dev.vibegrapher.agent.entity.Agent;
import dev.vibegrapher.agent.openai.ResponsesApi;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One request to the LLM. It carries its own attempt count, and the wait the provider asked for
 * after a failed attempt, because MicroProfile's @Retry repeats the same invocation: the gateway
 * reads both to choose the wait before the next attempt.
 */
public record LlmCall(
    Agent agent,
    String model,
    int iteration,
    ResponsesApi.Request params,
    TextDeltas onTextDelta,
    AtomicInteger attempts,
    AtomicReference<Duration> askedWait) {

  public LlmCall(
      Agent agent,
      String model,
      int iteration,
      ResponsesApi.Request params,
      TextDeltas onTextDelta) {
    this(
        agent, model, iteration, params, onTextDelta, new AtomicInteger(), new AtomicReference<>());
  }

  /** Text as the model generates it, with the attempt (1, 2, ...) that generated it. */
  @FunctionalInterface
  public interface TextDeltas {
    TextDeltas IGNORED = (attempt, delta) -> {};

    void accept(int attempt, String delta);
  }
}
