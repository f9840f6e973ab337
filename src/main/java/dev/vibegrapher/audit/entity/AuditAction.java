package dev.vibegrapher.audit.entity;

import java.util.Locale;

/** What was done, named on the wire as {@code subject.verb} (diff.committed, token.revoked...). */
public enum AuditAction {
  PROJECT_CREATED,
  PROJECT_DELETED,
  SESSION_CREATED,
  SESSION_DELETED,
  PROMPT_SENT,
  DIFF_APPROVED,
  DIFF_REJECTED,
  DIFF_COMMITTED,
  DIFF_REVERTED,
  DIFF_MESSAGE_REFINED,
  TESTS_RUN,
  TEST_CASE_SAVED,
  TEST_CASE_DELETED,
  TOKEN_CREATED,
  TOKEN_REVOKED;

  public String wireName() {
    String name = name().toLowerCase(Locale.ROOT);
    int split = name.indexOf('_');
    return name.substring(0, split) + "." + name.substring(split + 1);
  }
}
