package dev.vibegrapher.support;

import dev.vibegrapher.agent.openai.ResponsesApi;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The fake OpenAI server and the real SDK client talking to it, for a test class that calls the
 * Responses API directly: started once per class, its scripts cleared before every test.
 *
 * <pre>{@code @RegisterExtension static final FakeProvider PROVIDER = FakeProvider.reasoning();}
 * </pre>
 */
public final class FakeProvider implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

  private final String[] plainModels;
  private FakeOpenAi fake;
  private ResponsesApi api;

  private FakeProvider(String... plainModels) {
    this.plainModels = plainModels;
  }

  /** Every model reasons, as the provider's default models do. */
  public static FakeProvider reasoning() {
    return new FakeProvider();
  }

  /** The models named here do not reason (no reasoning items), the others do. */
  public static FakeProvider withPlainModels(String... models) {
    return new FakeProvider(models);
  }

  public FakeOpenAi fake() {
    return fake;
  }

  public ResponsesApi api() {
    return api;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    fake = FakeOpenAi.start().plainModels(plainModels);
    api = ResponsesApi.connect("test-key", fake.baseUrl(), Duration.ofSeconds(10));
  }

  @Override
  public void afterAll(ExtensionContext context) {
    api.close();
    fake.close();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    fake.reset();
  }
}
