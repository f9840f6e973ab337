package dev.vibegrapher.review.control;

import dev.vibegrapher.identity.entity.Person;

/** The data of diff_updated: the diff as it is now, and who changed it. */
public record DiffUpdated(String sessionId, DiffView diff, Person actor) {}
