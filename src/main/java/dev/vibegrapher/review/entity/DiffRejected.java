package dev.vibegrapher.review.entity;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The human rejected a diff with feedback: the session starts a new attempt with this prompt, runs
 * {@code recordRejection} once the attempt is sure to start and before anything of it is published
 * (so a dashboard that sees the new prompt reads the diff as rejected), and puts the new run's id in
 * {@code runId} (observers are synchronous, so the reviewer can answer with it).
 */
public record DiffRejected(String diffId, String sessionId, String prompt, Runnable recordRejection, AtomicReference<String> runId) {
}
