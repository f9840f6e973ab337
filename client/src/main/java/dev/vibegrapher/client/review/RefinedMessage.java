package dev.vibegrapher.client.review;

/** The commit message the evaluator proposed, now stored on the diff. */
public record RefinedMessage(String commitMessage) {}
