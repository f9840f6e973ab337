package dev.vibegrapher.review.control;

import dev.vibegrapher.review.entity.Diff;

/** How the audit log's summaries name diffs, commits and messages. */
final class AuditText {

  private AuditText() {}

  /** "diff 1a2b3c4d (First line of its message)". */
  static String summaryOf(Diff diff) {
    String message = diff.commitMessage();
    return "diff "
        + diff.id().substring(0, 8)
        + (message == null || message.isBlank() ? "" : " (" + firstLine(message) + ")");
  }

  static String firstLine(String text) {
    return text.lines().findFirst().orElse("");
  }

  static String shortSha(String sha) {
    return sha.substring(0, Math.min(7, sha.length()));
  }
}
