package dev.vibegrapher.review.control;

/**
 * The code before and after the diff; {@code originalCode} is null once the diff is committed (HEAD
 * holds the result).
 */
public record Preview(String originalCode, String patchedCode, String diffContent) {}
