package dev.vibegrapher.review.control;

import dev.vibegrapher.review.entity.DiffStatus;
import jakarta.ws.rs.BadRequestException;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The {@code status} query parameter of every list of diffs, a project's or a session's. */
public final class DiffStatusFilter {

  /** Every status, as the wire names them: the message can't fall behind the enum. */
  private static final String ALL =
      Arrays.stream(DiffStatus.values())
          .map(DiffStatus::wireName)
          .collect(Collectors.joining(", "));

  private DiffStatusFilter() {}

  /** The status asked for; empty when none was given. */
  public static Optional<DiffStatus> of(String status) {
    if (status == null || status.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(
        DiffStatus.fromWire(status)
            .orElseThrow(() -> new BadRequestException("status must be one of " + ALL + ".")));
  }
}
