package dev.vibegrapher.session.control;

import dev.vibegrapher.identity.entity.Person;
import dev.vibegrapher.session.entity.ConversationMessage;
import java.time.Instant;

/**
 * A conversation message as clients see it, live (conversation_message) and from GET messages
 * alike; author is the person who wrote a prompt (null for the agents' steps).
 */
public record MessageView(
    String id,
    String sessionId,
    String runId,
    String role,
    String agent,
    String messageType,
    String content,
    String patchPreview,
    Integer iteration,
    TokenUsageView tokenUsage,
    String diffId,
    String lastResponseId,
    Person author,
    Instant createdAt) {

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
        TokenUsageView.parse(message.tokenUsage()),
        message.diffId(),
        message.lastResponseId(),
        Person.stored(message.authorName(), message.authorEmail()),
        message.createdAt());
  }
}
