package dev.vibegrapher.client.session;

/**
 * The answer to a prompt: the run works in the background; its steps arrive in the project's room.
 */
public record RunAccepted(String status, String sessionId, String messageId, String runId) {}
