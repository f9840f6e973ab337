package dev.vibegrapher.agent.openai;

/**
 * The response ended incomplete ({@code response.incomplete}): the model stopped before it
 * finished, for the reason the provider gives (max_output_tokens, content_filter). What it had
 * produced is not an answer and must not be used as one.
 */
public class LlmIncomplete extends RuntimeException {

  private final String reason;

  LlmIncomplete(String reason) {
    super("The response was incomplete: " + reason);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
