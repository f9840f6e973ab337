package dev.vibegrapher.client.problem;

import jakarta.json.bind.annotation.JsonbNillable;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An RFC 9457 problem detail, as the server writes it. {@code errors} names invalid fields; {@code
 * correlationId} ties an internal error to its log entry. Some problems carry more members (e.g.
 * run_id): a client reads those from {@code ProblemException.extensions()}.
 */
@JsonbNillable(false)
@Schema(name = "Problem", description = "RFC 9457 problem detail (application/problem+json)")
public record Problem(
    String type,
    String title,
    int status,
    String detail,
    List<FieldError> errors,
    String correlationId) {

  public static final String MEDIA_TYPE = "application/problem+json";

  /** The prefix of the type of every problem the server names itself. */
  public static final String TYPE_PREFIX = "urn:vibegrapher:problem:";

  public record FieldError(String field, String message) {}
}
