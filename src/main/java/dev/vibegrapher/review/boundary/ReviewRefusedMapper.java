package dev.vibegrapher.review.boundary;

import dev.vibegrapher.platform.boundary.ProblemException;
import dev.vibegrapher.platform.boundary.ProblemExceptionMapper;
import dev.vibegrapher.review.control.BranchGone;
import dev.vibegrapher.review.control.DiffDoesNotApply;
import dev.vibegrapher.review.control.HeadMoved;
import dev.vibegrapher.review.control.NoMessageProposed;
import dev.vibegrapher.review.control.RefinementInProgress;
import dev.vibegrapher.review.control.RevertConflict;
import dev.vibegrapher.review.control.RevertOffCheckedOutBranch;
import dev.vibegrapher.review.control.ReviewRefused;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;

/** A review step refused for a reason the client can act on, as problem+json with its facts. */
@Provider
public class ReviewRefusedMapper implements ExceptionMapper<ReviewRefused> {

  @Override
  public Response toResponse(ReviewRefused refused) {
    return new ProblemExceptionMapper().toResponse(problem(refused));
  }

  static ProblemException problem(ReviewRefused refused) {
    if (refused instanceof HeadMoved moved) {
      return conflict(
          "head-moved",
          "The branch "
              + moved.branch()
              + " moved since this diff was made (base "
              + moved.baseCommit()
              + ", now "
              + moved.headCommit()
              + "): reject it with feedback so the coder redoes it on the current code.",
          Map.of("base_commit", moved.baseCommit(), "head_commit", moved.headCommit()));
    }
    if (refused instanceof DiffDoesNotApply stale) {
      return conflict(
          "diff-does-not-apply",
          "The diff no longer applies to the code on " + stale.branch() + ": " + stale.reason(),
          Map.of("base_commit", stale.baseCommit(), "head_commit", stale.headCommit()));
    }
    if (refused instanceof BranchGone gone) {
      return conflict(
          "branch-gone",
          "The diff's target branch " + gone.branch() + " no longer exists.",
          Map.of("target_branch", gone.branch()));
    }
    if (refused instanceof RevertConflict tangled) {
      return conflict(
          "revert-conflict",
          "Later commits changed the same lines, so commit "
              + tangled.committedSha()
              + " cannot be reverted on its own.",
          Map.of("committed_sha", tangled.committedSha(), "head_commit", tangled.headCommit()));
    }
    if (refused instanceof RevertOffCheckedOutBranch elsewhere) {
      return conflict(
          "revert-other-branch",
          "Reverting works on the checked-out branch ("
              + elsewhere.checkedOutBranch()
              + "); this diff was committed to "
              + elsewhere.targetBranch()
              + ".",
          Map.of("target_branch", elsewhere.targetBranch()));
    }
    if (refused instanceof RefinementInProgress) {
      return new ProblemException(
          Response.Status.TOO_MANY_REQUESTS,
          "refine-in-progress",
          "A commit message you asked for is still being written; ask again once it is there.",
          Map.of());
    }
    if (refused instanceof NoMessageProposed) {
      return new ProblemException(
          Response.Status.BAD_GATEWAY,
          "llm-failed",
          "The LLM could not propose a message: " + refused.getMessage(),
          Map.of());
    }
    throw new IllegalStateException("No problem is written for " + refused.getClass(), refused);
  }

  private static ProblemException conflict(
      String kind, String detail, Map<String, Object> extensions) {
    return new ProblemException(Response.Status.CONFLICT, kind, detail, extensions);
  }
}
