package dev.vibegrapher.platform.boundary;

import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An RFC 9457 problem detail. {@code errors} names invalid fields; {@code correlationId} ties an
 * internal error to its log entry.
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
  static final MediaType PROBLEM_JSON = MediaType.valueOf(MEDIA_TYPE);

  public record FieldError(String field, String message) {}

  /** What to tell a client when the failure itself says no more than its status. */
  static String defaultDetail(Response.StatusType status) {
    return switch (status.getStatusCode()) {
      case 400 -> "The request body is missing or unreadable: send a JSON object.";
      case 404 -> "No resource here.";
      case 405 -> "This method is not allowed on this resource.";
      case 406 -> "None of the accepted media types can be produced.";
      case 415 -> "Send the body as application/json.";
      default -> status.getReasonPhrase();
    };
  }

  static Problem of(Response.StatusType status, String detail) {
    return new Problem(
        "about:blank", status.getReasonPhrase(), status.getStatusCode(), detail, null, null);
  }

  static Problem of(String kind, Response.StatusType status, String detail) {
    return new Problem(
        "urn:vibegrapher:problem:" + kind,
        status.getReasonPhrase(),
        status.getStatusCode(),
        detail,
        null,
        null);
  }

  Problem withErrors(List<FieldError> fieldErrors) {
    return new Problem(type, title, status, detail, fieldErrors, correlationId);
  }

  Problem withCorrelationId(String id) {
    return new Problem(type, title, status, detail, errors, id);
  }

  Response toResponse() {
    return Response.status(status).type(PROBLEM_JSON).entity(this).build();
  }
}
