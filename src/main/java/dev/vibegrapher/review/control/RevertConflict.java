package dev.vibegrapher.review.control;

/** Later commits changed the lines a diff's commit changed: it cannot be reverted on its own. */
public final class RevertConflict extends ReviewRefused {

  private final String committedSha;
  private final String headCommit;

  public RevertConflict(String committedSha, String headCommit) {
    super("Commit " + committedSha + " does not revert cleanly on " + headCommit + ".");
    this.committedSha = committedSha;
    this.headCommit = headCommit;
  }

  public String committedSha() {
    return committedSha;
  }

  public String headCommit() {
    return headCommit;
  }
}
