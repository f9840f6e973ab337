package dev.vibegrapher.review.control;

/** The diff no longer applies to the code at its target branch's tip. */
public final class DiffDoesNotApply extends ReviewRefused {

  private final String branch;
  private final String reason;
  private final String baseCommit;
  private final String headCommit;

  public DiffDoesNotApply(String branch, String reason, String baseCommit, String headCommit) {
    super("The diff no longer applies on " + branch + ": " + reason);
    this.branch = branch;
    this.reason = reason;
    this.baseCommit = baseCommit;
    this.headCommit = headCommit;
  }

  public String branch() {
    return branch;
  }

  /** What the patch found instead of the lines it changes. */
  public String reason() {
    return reason;
  }

  public String baseCommit() {
    return baseCommit;
  }

  public String headCommit() {
    return headCommit;
  }
}
