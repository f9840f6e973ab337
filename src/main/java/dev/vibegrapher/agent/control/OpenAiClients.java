package dev.vibegrapher.agent.control;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
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

  private volatile Optional<OpenAIClient> client;

  Optional<OpenAIClient> client() {
    Optional<OpenAIClient> current = client;
    if (current == null) {
      synchronized (this) {
        if (client == null) {
          client = settings.apiKey().map(key -> OpenAIOkHttpClient.builder()
              .apiKey(key)
              .baseUrl(settings.baseUrl())
              .maxRetries(0)
              .timeout(settings.requestTimeout())
              .build());
        }
        current = client;
      }
    }
    return current;
  }

  @PreDestroy
  void close() {
    Optional<OpenAIClient> current = client;
    if (current != null) {
      current.ifPresent(OpenAIClient::close);
    }
  }
}
