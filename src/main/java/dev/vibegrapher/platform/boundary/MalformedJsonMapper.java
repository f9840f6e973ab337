package dev.vibegrapher.platform.boundary;

import jakarta.json.JsonException;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A body that is not the JSON the endpoint expects: 400 with the parser's reason. Jersey wraps
 * JSON-B's failure in a ProcessingException; any other ProcessingException is an internal error.
 */
@Provider
public class MalformedJsonMapper implements ExceptionMapper<ProcessingException> {

  @Override
  public Response toResponse(ProcessingException exception) {
    Throwable parseFailure = jsonFailureIn(exception);
    if (parseFailure == null) {
      return UnexpectedFailureMapper.internalError(exception);
    }
    return Problems.toResponse(
        Problems.of(
            "malformed-json",
            Response.Status.BAD_REQUEST,
            "The body is not valid JSON for this request: " + deepestMessage(parseFailure)));
  }

  private static Throwable jsonFailureIn(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof JsonbException || cause instanceof JsonException) {
        return cause;
      }
    }
    return null;
  }

  private static String deepestMessage(Throwable failure) {
    String message = failure.getMessage();
    for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
      if (cause.getMessage() != null) {
        message = cause.getMessage();
      }
    }
    // Parser messages name our Java classes; clients only need the JSON position and tokens.
    return message == null ? "unreadable body" : message.replaceAll("class ([a-z]\\w*\\.)+", "");
  }
}
