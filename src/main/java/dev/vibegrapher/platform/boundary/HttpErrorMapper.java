package dev.vibegrapher.platform.boundary;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Every HTTP-level failure (404, 405, 409, 413, 415, ...) as problem+json, keeping its headers. */
@Provider
public class HttpErrorMapper implements ExceptionMapper<WebApplicationException> {

  @Override
  public Response toResponse(WebApplicationException exception) {
    Response original = exception.getResponse();
    Response.StatusType status = original.getStatusInfo();
    Response.ResponseBuilder problem =
        Response.fromResponse(Problem.of(status, detailOf(exception, status)).toResponse());
    original.getHeaders().forEach((name, values) -> {
      if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
        values.forEach(value -> problem.header(name, value));
      }
    });
    return problem.build();
  }

  private static String detailOf(WebApplicationException exception, Response.StatusType status) {
    String message = exception.getMessage();
    // Jersey's own messages ("HTTP 405 Method Not Allowed") only repeat the status line.
    if (message == null || message.startsWith("HTTP " + status.getStatusCode())) {
      return switch (status.getStatusCode()) {
        case 400 -> "The request body is missing or unreadable: send a JSON object.";
        case 404 -> "No resource here.";
        case 405 -> "This method is not allowed on this resource.";
        case 406 -> "None of the accepted media types can be produced.";
        case 415 -> "Send the body as application/json.";
        default -> status.getReasonPhrase();
      };
    }
    return message;
  }
}
