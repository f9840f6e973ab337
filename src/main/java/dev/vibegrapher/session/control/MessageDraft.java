package dev.vibegrapher.session.control;

import dev.vibegrapher.client.identity.Person;
import dev.vibegrapher.session.entity.ConversationMessage;

/**
 * A message before it has its place in the conversation; a prompt has its author, an agent's step
 * none.
 */
public record MessageDraft(
    String sessionId,
    String runId,
    String role,
    String agent,
    String messageType,
    String content,
    String patchPreview,
    Integer iteration,
    String tokenUsage,
    String diffId,
    String lastResponseId,
    String rawResponse,
    Person author) {

  static MessageDraft prompt(String sessionId, String runId, String content, Person author) {
    return new MessageDraft(
        sessionId, runId, "user", "user", "text", content, null, null, null, null, null, null,
        author);
  }

  MessageDraft withDiff(String newDiffId) {
    return new MessageDraft(
        sessionId,
        runId,
        role,
        agent,
        messageType,
        content,
        patchPreview,
        iteration,
        tokenUsage,
        newDiffId,
        lastResponseId,
        rawResponse,
        author);
  }

  ConversationMessage at(long position) {
    ConversationMessage message =
        new ConversationMessage(
            sessionId,
            runId,
            position,
            role,
            agent,
            messageType,
            content,
            patchPreview,
            iteration,
            tokenUsage,
            diffId,
            lastResponseId,
            rawResponse);
    if (author != null) {
      message.writtenBy(author.name(), author.email());
    }
    return message;
  }
}
