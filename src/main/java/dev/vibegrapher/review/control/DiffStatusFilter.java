package dev.vibegrapher.review.control;

import dev.vibegrapher.review.entity.DiffStatus;
import jakarta.ws.rs.BadRequestException;
import java.util.Optional;

/** The {@code status} query parameter of every list of diffs, a project's or a session's. */
public final class DiffStatusFilter {

  private DiffStatusFilter() {}

  /** The status asked for; empty when none was given. */
  public static Optional<DiffStatus> of(String status) {
    if (status == null || status.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(
        DiffStatus.fromWire(status)
            .orElseThrow(
                () ->
                    new BadRequestException(
                        "status must be one of evaluator_approved, human_approved, human_rejected, committed.")));
  }
}
