package dev.vibegrapher.platform.boundary;

import dev.vibegrapher.client.problem.Problem;
import dev.vibegrapher.platform.control.WireFormat;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.io.StringReader;

/** A {@link ProblemException} as problem+json: the standard members plus its extension members. */
@Provider
public class ProblemExceptionMapper implements ExceptionMapper<ProblemException> {

  @Override
  public Response toResponse(ProblemException exception) {
    return Response.status(exception.status())
        .type(Problems.PROBLEM_JSON)
        .entity(body(exception))
        .build();
  }

  /** The problem+json document, for code that answers outside JAX-RS (the authentication). */
  public static String body(ProblemException exception) {
    Problem problem = Problems.of(exception.kind(), exception.status(), exception.getMessage());
    JsonObjectBuilder body = Json.createObjectBuilder(read(WireFormat.JSONB.toJson(problem)));
    exception
        .extensions()
        .forEach(
            (name, value) ->
                body.add(
                    name,
                    Json.createReader(new StringReader(WireFormat.JSONB.toJson(value)))
                        .readValue()));
    return body.build().toString();
  }

  private static JsonObject read(String json) {
    try (var reader = Json.createReader(new StringReader(json))) {
      return reader.readObject();
    }
  }
}
