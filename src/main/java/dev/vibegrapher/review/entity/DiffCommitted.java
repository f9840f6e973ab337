package dev.vibegrapher.review.entity;

/** A diff reached git: the session's evaluator starts its next review with a clean memory. */
public record DiffCommitted(String diffId, String sessionId, String projectId, String commit) {}
