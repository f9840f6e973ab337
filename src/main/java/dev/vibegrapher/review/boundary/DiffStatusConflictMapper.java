package dev.vibegrapher.review.boundary;

import dev.vibegrapher.platform.boundary.ProblemException;
import dev.vibegrapher.platform.boundary.ProblemExceptionMapper;
import dev.vibegrapher.review.entity.DiffStatus;
import dev.vibegrapher.review.entity.DiffStatusConflict;
import dev.vibegrapher.review.entity.DiffStep;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.Map;

/**
 * A step the diff's status does not allow, as 409 problem+json {@code diff-status}: the detail
 * names the statuses that allow it, {@code diff_status} the diff's own ({@code status} stays the
 * HTTP status, as RFC 9457 has it).
 */
@Provider
public class DiffStatusConflictMapper implements ExceptionMapper<DiffStatusConflict> {

  @Override
  public Response toResponse(DiffStatusConflict conflict) {
    String status = conflict.from().wireName();
    return new ProblemExceptionMapper()
        .toResponse(
            new ProblemException(
                Response.Status.CONFLICT,
                "diff-status",
                detail(conflict),
                Map.of("diff_status", status)));
  }

  static String detail(DiffStatusConflict conflict) {
    String status = conflict.from().wireName();
    if (conflict.step() == DiffStep.RUN_TESTS) {
      return "This diff is " + status + ": tests run against a diff before it is committed.";
    }
    return "This diff is "
        + status
        + "; only a diff that is "
        + either(conflict.step().allowedFrom().stream().map(DiffStatus::wireName).toList())
        + " can be "
        + done(conflict.step())
        + ".";
  }

  private static String done(DiffStep step) {
    return switch (step) {
      case APPROVE -> "approved";
      case REJECT -> "rejected";
      case COMMIT -> "committed";
      case REVERT -> "reverted";
      case REFINE_MESSAGE -> "given a new message";
      case RUN_TESTS -> "tested";
    };
  }

  /** "a", "a or b", "a, b or c". */
  private static String either(List<String> names) {
    if (names.size() == 1) {
      return names.get(0);
    }
    return String.join(", ", names.subList(0, names.size() - 1))
        + " or "
        + names.get(names.size() - 1);
  }
}
