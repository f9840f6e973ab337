package dev.vibegrapher.review.control;

import dev.vibegrapher.review.entity.Diff;

/** The diff after the decision, and the run the rejection started, if any. */
public record Decision(Diff diff, String runId) {}
