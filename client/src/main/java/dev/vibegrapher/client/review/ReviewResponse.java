package dev.vibegrapher.client.review;

/** The reviewed diff, and the run a rejection started (null after an approval). */
public record ReviewResponse(DiffView diff, String runId) {}
