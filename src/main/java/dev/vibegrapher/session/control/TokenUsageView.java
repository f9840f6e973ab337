package dev.vibegrapher.session.control;

import dev.vibegrapher.agent.entity.TokenUsage;
import dev.vibegrapher.platform.control.WireFormat;

/** Token usage as stored on a message and sent to clients. */
public record TokenUsageView(long promptTokens, long cachedPromptTokens, long completionTokens, long totalTokens,
    String model, String agent, int iteration) {

  static TokenUsageView of(TokenUsage usage) {
    return new TokenUsageView(usage.promptTokens(), usage.cachedPromptTokens(), usage.completionTokens(),
        usage.totalTokens(), usage.model(), usage.agent(), usage.iteration());
  }

  static TokenUsageView parse(String json) {
    return json == null ? null : WireFormat.JSONB.fromJson(json, TokenUsageView.class);
  }

  String toJson() {
    return WireFormat.JSONB.toJson(this);
  }
}
