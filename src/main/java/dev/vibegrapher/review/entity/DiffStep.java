package dev.vibegrapher.review.entity;

import static dev.vibegrapher.review.entity.DiffStatus.COMMITTED;
import static dev.vibegrapher.review.entity.DiffStatus.EVALUATOR_APPROVED;
import static dev.vibegrapher.review.entity.DiffStatus.HUMAN_APPROVED;
import static dev.vibegrapher.review.entity.DiffStatus.HUMAN_REJECTED;
import static dev.vibegrapher.review.entity.DiffStatus.REVERTED;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * What can be done to a diff: the statuses each step is allowed from, and the status it leaves the
 * diff in (a step that keeps the status has none). The one table of a diff's status rules.
 */
public enum DiffStep {
  APPROVE(HUMAN_APPROVED, EVALUATOR_APPROVED),
  // An approved diff can still be rejected: the way forward when its branch moved under it.
  REJECT(HUMAN_REJECTED, EVALUATOR_APPROVED, HUMAN_APPROVED),
  COMMIT(COMMITTED, HUMAN_APPROVED),
  REVERT(REVERTED, COMMITTED),
  // Not once committed (git holds the message) or rejected (the next attempt makes its own).
  REFINE_MESSAGE(null, EVALUATOR_APPROVED, HUMAN_APPROVED, REVERTED),
  // Tests run against the code a diff would make, so only before it is committed.
  RUN_TESTS(null, EVALUATOR_APPROVED, HUMAN_APPROVED, HUMAN_REJECTED);

  private final DiffStatus to;
  private final Set<DiffStatus> from;

  DiffStep(DiffStatus to, DiffStatus first, DiffStatus... others) {
    this.to = to;
    this.from = EnumSet.of(first, others);
  }

  public boolean allowedFrom(DiffStatus status) {
    return from.contains(status);
  }

  /** The statuses this step is allowed from, in the order of {@link DiffStatus}. */
  public Set<DiffStatus> allowedFrom() {
    return EnumSet.copyOf(from);
  }

  /** The status the step leaves the diff in; empty when it keeps the diff's status. */
  public Optional<DiffStatus> leadsTo() {
    return Optional.ofNullable(to);
  }

  DiffStatus after(DiffStatus status) {
    return to == null ? status : to;
  }
}
