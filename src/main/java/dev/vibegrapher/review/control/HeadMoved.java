package dev.vibegrapher.review.control;

/** The diff's target branch moved since the diff was made: it has to be redone on the new code. */
public final class HeadMoved extends ReviewRefused {

  private final String branch;
  private final String baseCommit;
  private final String headCommit;

  public HeadMoved(String branch, String baseCommit, String headCommit) {
    super("The branch " + branch + " moved from " + baseCommit + " to " + headCommit + ".");
    this.branch = branch;
    this.baseCommit = baseCommit;
    this.headCommit = headCommit;
  }

  public String branch() {
    return branch;
  }

  public String baseCommit() {
    return baseCommit;
  }

  public String headCommit() {
    return headCommit;
  }
}
