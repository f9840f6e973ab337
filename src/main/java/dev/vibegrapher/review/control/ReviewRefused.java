package dev.vibegrapher.review.control;

/**
 * A review step refused for a reason the client can act on, other than the diff's status (that is
 * {@link dev.vibegrapher.review.entity.DiffStatusConflict}). Each carries the facts; the boundary
 * words them as problem+json, each kind once.
 */
public abstract sealed class ReviewRefused extends RuntimeException
    permits BranchGone,
        DiffDoesNotApply,
        HeadMoved,
        NoMessageProposed,
        RefinementInProgress,
        RevertConflict,
        RevertOffCheckedOutBranch {

  protected ReviewRefused(String message) {
    // No stack trace: a refusal, not a failure to trace.
    super(message, null, false, false);
  }
}
