package dev.vibegrapher.review.control;

/** Reverting works on the checked-out branch, and the diff was committed to another. */
public final class RevertOffCheckedOutBranch extends ReviewRefused {

  private final String checkedOutBranch;
  private final String targetBranch;

  public RevertOffCheckedOutBranch(String checkedOutBranch, String targetBranch) {
    super("The diff was committed to " + targetBranch + ", not to " + checkedOutBranch + ".");
    this.checkedOutBranch = checkedOutBranch;
    this.targetBranch = targetBranch;
  }

  public String checkedOutBranch() {
    return checkedOutBranch;
  }

  public String targetBranch() {
    return targetBranch;
  }
}
