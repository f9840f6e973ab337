package dev.vibegrapher.review.boundary;

import dev.vibegrapher.review.control.DiffView;

/** The reviewed diff, and the run a rejection started (null after an approval). */
public record ReviewResponse(DiffView diff, String runId) {}
