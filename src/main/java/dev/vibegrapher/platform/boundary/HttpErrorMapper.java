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
        Response.fromResponse(
            Problems.toResponse(Problems.of(status, detailOf(exception, status))));
    original
        .getHeaders()
        .forEach(
            (name, values) -> {
              if (!name.equalsIgnoreCase("Content-Type")
                  && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(value -> problem.header(name, value));
              }
            });
    return problem.build();
  }

  private static String detailOf(WebApplicationException exception, Response.StatusType status) {
    String message = exception.getMessage();
    // Jersey's own messages ("HTTP 405 Method Not Allowed") only repeat the status line.
    if (message == null || message.startsWith("HTTP " + status.getStatusCode())) {
      return Problems.defaultDetail(status);
    }
    return message;
  }
}
