package dev.vibegrapher.platform.boundary;

import dev.vibegrapher.client.problem.Problem;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** Making {@link Problem}s and answering with them. */
final class Problems {

  static final MediaType PROBLEM_JSON = MediaType.valueOf(Problem.MEDIA_TYPE);

  private Problems() {}

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
        Problem.TYPE_PREFIX + kind,
        status.getReasonPhrase(),
        status.getStatusCode(),
        detail,
        null,
        null);
  }

  static Problem withErrors(Problem problem, List<Problem.FieldError> fieldErrors) {
    return new Problem(
        problem.type(),
        problem.title(),
        problem.status(),
        problem.detail(),
        fieldErrors,
        problem.correlationId());
  }

  static Problem withCorrelationId(Problem problem, String id) {
    return new Problem(
        problem.type(), problem.title(), problem.status(), problem.detail(), problem.errors(), id);
  }

  static Response toResponse(Problem problem) {
    return Response.status(problem.status()).type(PROBLEM_JSON).entity(problem).build();
  }
}
