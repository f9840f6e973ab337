package dev.vibegrapher.review.control;

import dev.vibegrapher.client.identity.Person;

/** The data of code_changed: kind is "commit" or "revert". */
public record CodeChanged(
    String projectId,
    String newCode,
    String commit,
    String branch,
    String diffId,
    Person actor,
    String kind) {}
