package dev.vibegrapher.session.control;

import dev.vibegrapher.client.review.DiffView;
import dev.vibegrapher.client.session.TokenUsageView;

/** The data of the events a run publishes, as records JSON-B writes in snake_case. */
public final class RunEvents {

  private RunEvents() {}

  /** Text of one attempt of an LLM call; a new attempt's text replaces the abandoned one's. */
  public record Delta(
      String sessionId, String runId, String agent, int iteration, int attempt, String delta) {}

  /**
   * One LLM call's usage, and the session's total once it was recorded (so a dashboard need not
   * read it).
   */
  public record Usage(
      String sessionId,
      String runId,
      String messageId,
      long promptTokens,
      long cachedPromptTokens,
      long completionTokens,
      long totalTokens,
      String model,
      String agent,
      int iteration,
      java.math.BigDecimal costUsd,
      long sessionTotalTokens) {

    static Usage of(
        String sessionId,
        String runId,
        String messageId,
        TokenUsageView usage,
        long sessionTotalTokens) {
      return new Usage(
          sessionId,
          runId,
          messageId,
          usage.promptTokens(),
          usage.cachedPromptTokens(),
          usage.completionTokens(),
          usage.totalTokens(),
          usage.model(),
          usage.agent(),
          usage.iteration(),
          usage.costUsd(),
          sessionTotalTokens);
    }
  }

  public record DiffCreated(String sessionId, String runId, DiffView diff) {}

  public record Completed(String sessionId, String runId, String outcome, String diffId) {}

  public record Failed(String sessionId, String runId, String detail, String finalFeedback) {}
}
