package dev.vibegrapher.session.control;

import dev.vibegrapher.agent.entity.TokenUsage;
import dev.vibegrapher.client.agent.UsageTotals;
import dev.vibegrapher.client.session.MessageView;
import dev.vibegrapher.client.session.SessionView;
import dev.vibegrapher.client.session.TokenUsageView;
import dev.vibegrapher.identity.entity.People;
import dev.vibegrapher.platform.control.WireFormat;
import dev.vibegrapher.session.entity.ConversationMessage;
import dev.vibegrapher.session.entity.VibecodeSession;
import java.math.BigDecimal;

/** Sessions, their messages and token usage as the wire shows them. */
public final class SessionViews {

  private SessionViews() {}

  public static SessionView of(VibecodeSession session, UsageTotals totals) {
    return new SessionView(
        session.id(),
        session.projectId(),
        session.openaiSessionKey(),
        session.sessionType(),
        session.nodeId(),
        session.branch(),
        session.createdAt(),
        session.updatedAt(),
        totals);
  }

  public static MessageView of(ConversationMessage message) {
    return new MessageView(
        message.id(),
        message.sessionId(),
        message.runId(),
        message.role(),
        message.agent(),
        message.messageType(),
        message.content(),
        message.patchPreview(),
        message.iteration(),
        tokenUsage(message.tokenUsage()),
        message.diffId(),
        message.lastResponseId(),
        People.stored(message.authorName(), message.authorEmail()),
        message.createdAt());
  }

  static TokenUsageView tokenUsage(TokenUsage usage, BigDecimal cost) {
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

  /** Token usage as a message stores it: the wire's JSON. */
  static TokenUsageView tokenUsage(String json) {
    return json == null ? null : WireFormat.JSONB.fromJson(json, TokenUsageView.class);
  }

  static String json(TokenUsageView usage) {
    return WireFormat.JSONB.toJson(usage);
  }
}
