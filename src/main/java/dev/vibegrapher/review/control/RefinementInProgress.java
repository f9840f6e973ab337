package dev.vibegrapher.review.control;

/** A commit message the same person asked for is still being written. */
public final class RefinementInProgress extends ReviewRefused {

  public RefinementInProgress() {
    super("A commit message refinement by the same person is in progress.");
  }
}
