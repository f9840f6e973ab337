package dev.vibegrapher.agent.control;

import dev.vibegrapher.agent.entity.Agent;
import dev.vibegrapher.agent.openai.ResponsesApi;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One request to the LLM. It carries its own attempt count because MicroProfile's @Retry repeats
 * the same invocation: the gateway reads it to back off exponentially between attempts.
 */
public record LlmCall(Agent agent, String model, int iteration, ResponsesApi.Request params,
    Consumer<String> onTextDelta, AtomicInteger attempts) {

  public LlmCall(Agent agent, String model, int iteration, ResponsesApi.Request params, Consumer<String> onTextDelta) {
    this(agent, model, iteration, params, onTextDelta, new AtomicInteger());
  }
}
