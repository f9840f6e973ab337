package dev.vibegrapher.agent.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** How the agents reach the LLM. The key is kept here and nowhere else, and never printed. */
@ApplicationScoped
public class LlmSettings {

  @Inject
  @ConfigProperty(name = "openai.api-key")
  Optional<String> apiKey;

  @Inject
  @ConfigProperty(name = "openai.base-url")
  String baseUrl;

  @Inject
  @ConfigProperty(name = "vibegrapher.coder-model")
  String coderModel;

  @Inject
  @ConfigProperty(name = "vibegrapher.evaluator-model")
  String evaluatorModel;

  @Inject
  @ConfigProperty(name = "vibegrapher.reasoning-effort")
  String reasoningEffort;

  @Inject
  @ConfigProperty(name = "vibegrapher.llm.request-timeout-seconds")
  long requestTimeoutSeconds;

  @Inject
  @ConfigProperty(name = "vibegrapher.llm.backoff-initial-ms")
  long backoffInitialMillis;

  @Inject
  @ConfigProperty(name = "vibegrapher.llm.backoff-max-ms")
  long backoffMaxMillis;

  public Optional<String> apiKey() {
    return apiKey.filter(key -> !key.isBlank());
  }

  public String baseUrl() {
    return baseUrl;
  }

  public String coderModel() {
    return coderModel;
  }

  public String evaluatorModel() {
    return evaluatorModel;
  }

  /** "none" (or empty) sends no reasoning setting, for models and servers that do not take one. */
  public Optional<String> reasoningEffort() {
    return Optional.ofNullable(reasoningEffort)
        .filter(effort -> !effort.isBlank() && !"none".equalsIgnoreCase(effort));
  }

  public Duration requestTimeout() {
    return Duration.ofSeconds(requestTimeoutSeconds);
  }

  public Duration backoffInitial() {
    return Duration.ofMillis(backoffInitialMillis);
  }

  public Duration backoffMax() {
    return Duration.ofMillis(backoffMaxMillis);
  }
}
