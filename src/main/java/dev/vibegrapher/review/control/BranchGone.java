package dev.vibegrapher.review.control;

/** The diff's target branch no longer exists. */
public final class BranchGone extends ReviewRefused {

  private final String branch;

  public BranchGone(String branch) {
    super("The branch " + branch + " no longer exists.");
    this.branch = branch;
  }

  public String branch() {
    return branch;
  }
}
