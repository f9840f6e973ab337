package dev.vibegrapher.agent.control;

import dev.vibegrapher.agent.openai.ResponsesApi;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Holds the SDK client. Its own retries are off: MicroProfile's @Retry on the gateway is the only
 * retry, so attempts never multiply.
 */
@ApplicationScoped
public class OpenAiClients {

  @Inject LlmSettings settings;

  private volatile Optional<ResponsesApi> client;

  Optional<ResponsesApi> client() {
    Optional<ResponsesApi> current = client;
    if (current == null) {
      synchronized (this) {
        if (client == null) {
          client =
              settings
                  .apiKey()
                  .map(
                      key ->
                          ResponsesApi.connect(key, settings.baseUrl(), settings.requestTimeout()));
        }
        current = client;
      }
    }
    return current;
  }

  @PreDestroy
  void close() {
    Optional<ResponsesApi> current = client;
    if (current != null) {
      current.ifPresent(ResponsesApi::close);
    }
  }
}
