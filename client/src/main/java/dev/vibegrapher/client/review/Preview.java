package dev.vibegrapher.client.review;

/**
 * A diff beside the code it changes: the project's current code (null when its file is gone), the
 * code with the diff applied, and the diff.
 */
public record Preview(String originalCode, String patchedCode, String diffContent) {}
