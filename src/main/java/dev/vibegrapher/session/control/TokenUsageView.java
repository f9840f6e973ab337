package dev.vibegrapher.session.control;

import dev.vibegrapher.agent.entity.TokenUsage;
import dev.vibegrapher.platform.control.WireFormat;
import java.math.BigDecimal;

/**
 * Token usage as stored on a message and sent to clients; cost_usd is null for a model without a
 * price.
 */
public record TokenUsageView(
    long promptTokens,
    long cachedPromptTokens,
    long completionTokens,
    long totalTokens,
    String model,
    String agent,
    int iteration,
    BigDecimal costUsd) {

  static TokenUsageView of(TokenUsage usage, BigDecimal cost) {
    return new TokenUsageView(
        usage.promptTokens(),
        usage.cachedPromptTokens(),
        usage.completionTokens(),
        usage.totalTokens(),
        usage.model(),
        usage.agent(),
        usage.iteration(),
        cost);
  }

  static TokenUsageView parse(String json) {
    return json == null ? null : WireFormat.JSONB.fromJson(json, TokenUsageView.class);
  }

  String toJson() {
    return WireFormat.JSONB.toJson(this);
  }
}
