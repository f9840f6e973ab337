package dev.vibegrapher.review.entity;

import java.util.Optional;

/** A step the diff's status does not allow; the diff stays as it was. */
public class DiffStatusConflict extends RuntimeException {

  private final DiffStatus from;
  private final DiffStep step;

  public DiffStatusConflict(DiffStatus from, DiffStep step) {
    // No stack trace: a refusal a client caused, answered with 409, not a failure to trace.
    super(
        "A diff that is " + from.wireName() + " does not allow " + step + ".", null, false, false);
    this.from = from;
    this.step = step;
  }

  /** The status the diff is in, and stays in. */
  public DiffStatus from() {
    return from;
  }

  /** The step that was refused. */
  public DiffStep step() {
    return step;
  }

  /** The status the step would have left the diff in; empty for a step that keeps it. */
  public Optional<DiffStatus> to() {
    return step.leadsTo();
  }
}
