package dev.vibegrapher.agent.control;

import dev.vibegrapher.agent.entity.Agent;
import dev.vibegrapher.agent.entity.TokenUsage;
import dev.vibegrapher.agent.openai.LlmIoFailure;
import dev.vibegrapher.agent.openai.LlmServiceFailure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * The LLM calls' numbers at /metrics, by agent and model: latency of answered calls, tokens, and
 * failed attempts by HTTP status or kind. Retries, timeouts, the circuit breaker and the bulkhead
 * are counted by MicroProfile Fault Tolerance itself (ft_* in the base scope, docs/operations.md).
 * Models come from configuration, so the number of series stays small; each pair's meters are
 * registered once, on its first call.
 */
@ApplicationScoped
public class LlmMetrics {

  // Recorded in nanoseconds: the exporter scales them to the seconds its names promise.
  private static final Metadata LATENCY =
      Metadata.builder().withName("llm_call_duration").withUnit(MetricUnits.NANOSECONDS).build();

  @Inject MetricRegistry registry;

  private final Map<Key, Meters> meters = new ConcurrentHashMap<>();

  private record Key(Agent agent, String model) {}

  private record Meters(Timer latency, Counter input, Counter cached, Counter output) {}

  void answered(LlmCall call, TokenUsage usage, long elapsedNanos) {
    Meters pair = meters.computeIfAbsent(new Key(call.agent(), call.model()), this::register);
    pair.latency().update(Duration.ofNanos(elapsedNanos));
    pair.input().inc(usage.promptTokens());
    pair.cached().inc(usage.cachedPromptTokens());
    pair.output().inc(usage.completionTokens());
  }

  /** One failed attempt; failures are rare, so the counter is looked up here. */
  void failed(LlmCall call, RuntimeException failure) {
    registry
        .counter(
            "llm_errors_total",
            agent(call.agent()),
            new Tag("model", call.model()),
            new Tag("status", status(failure)))
        .inc();
  }

  /** The HTTP status, or what went wrong without one: timeout, io, stream. */
  static String status(RuntimeException failure) {
    if (failure instanceof LlmServiceFailure service) {
      return service.streamError() ? "stream" : String.valueOf(service.status());
    }
    if (failure instanceof LlmIoFailure io) {
      return io.timedOut() ? "timeout" : "io";
    }
    return "stream";
  }

  private Meters register(Key key) {
    Tag agent = agent(key.agent());
    Tag model = new Tag("model", key.model());
    return new Meters(
        registry.timer(LATENCY, agent, model),
        tokens(agent, model, "input"),
        tokens(agent, model, "cached"),
        tokens(agent, model, "output"));
  }

  private Counter tokens(Tag agent, Tag model, String type) {
    return registry.counter("llm_tokens_total", agent, model, new Tag("type", type));
  }

  private static Tag agent(Agent agent) {
    return new Tag("agent", agent.wireName());
  }
}
