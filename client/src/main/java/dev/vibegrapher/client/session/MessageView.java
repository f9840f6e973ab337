package dev.vibegrapher.client.session;

import dev.vibegrapher.client.identity.Person;
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
    Instant createdAt) {}
