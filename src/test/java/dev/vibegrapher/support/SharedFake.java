package dev.vibegrapher.support;

import java.util.Map;

/**
 * One fake OpenAI server for the whole test run; the shared apps talk to it with these settings.
 */
public final class SharedFake {

  public static final String CODER_MODEL = "coder-model";
  public static final String EVALUATOR_MODEL = "evaluator-model";

  private static FakeOpenAi fake;

  private SharedFake() {}

  public static synchronized FakeOpenAi fake() {
    if (fake == null) {
      fake = FakeOpenAi.start();
    }
    return fake;
  }

  /** The environment that points an app at the shared fake, with quick back-off for tests. */
  public static Map<String, String> settings() {
    return Map.of(
        "OPENAI_API_KEY",
        "test-key-not-a-secret",
        "OPENAI_BASE_URL",
        fake().baseUrl(),
        "VIBEGRAPHER_CODER_MODEL",
        CODER_MODEL,
        "VIBEGRAPHER_EVALUATOR_MODEL",
        EVALUATOR_MODEL,
        "VIBEGRAPHER_LLM_BACKOFF_INITIAL_MS",
        "50",
        "VIBEGRAPHER_LLM_BACKOFF_MAX_MS",
        "200");
  }
}
