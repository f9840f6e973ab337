package dev.vibegrapher.audit.entity;

/** What was done, named on the wire as {@code subject.verb} (diff.committed, token.revoked...). */
public enum AuditAction {
  PROJECT_CREATED("project.created"),
  PROJECT_DELETED("project.deleted"),
  SESSION_CREATED("session.created"),
  SESSION_DELETED("session.deleted"),
  PROMPT_SENT("prompt.sent"),
  DIFF_APPROVED("diff.approved"),
  DIFF_REJECTED("diff.rejected"),
  DIFF_COMMITTED("diff.committed"),
  DIFF_REVERTED("diff.reverted"),
  DIFF_MESSAGE_REFINED("diff.message_refined"),
  TESTS_RUN("tests.run"),
  TEST_CASE_SAVED("test_case.saved"),
  TEST_CASE_DELETED("test_case.deleted"),
  TOKEN_CREATED("token.created"),
  TOKEN_REVOKED("token.revoked");

  private final String wireName;

  AuditAction(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
