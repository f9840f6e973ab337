package dev.vibegrapher.client.review;

/**
 * A diff beside the code it changes: the file as it is now on the diff's target branch, the file
 * with the diff applied, and the diff. Once the diff is committed the branch holds the result:
 * {@code originalCode} is null and {@code patchedCode} is the file as it is now.
 */
public record Preview(String originalCode, String patchedCode, String diffContent) {}
