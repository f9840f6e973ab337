package dev.vibegrapher.review.control;

import dev.vibegrapher.client.identity.Person;
import dev.vibegrapher.client.review.DiffView;

/** The data of diff_updated: the diff as it is now, and who changed it. */
public record DiffUpdated(String sessionId, DiffView diff, Person actor) {}
