package dev.vibegrapher.session.control;

import dev.vibegrapher.session.entity.ConversationMessage;

/** A message before it has its place in the conversation. */
public record MessageDraft(String sessionId, String runId, String role, String agent, String messageType, String content,
    String patchPreview, Integer iteration, String tokenUsage, String diffId, String lastResponseId, String rawResponse) {

  static MessageDraft of(String sessionId, String runId, String role, String agent, String messageType, String content) {
    return new MessageDraft(sessionId, runId, role, agent, messageType, content, null, null, null, null, null, null);
  }

  MessageDraft withDiff(String newDiffId) {
    return new MessageDraft(sessionId, runId, role, agent, messageType, content, patchPreview, iteration, tokenUsage,
        newDiffId, lastResponseId, rawResponse);
  }

  ConversationMessage at(long position) {
    return new ConversationMessage(sessionId, runId, position, role, agent, messageType, content, patchPreview,
        iteration, tokenUsage, diffId, lastResponseId, rawResponse);
  }
}
