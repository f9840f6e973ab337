package dev.vibegrapher.platform.boundary;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Comparator;
import java.util.List;

/** Bean Validation failures as 400, naming each offending field as it is spelled on the wire. */
@Provider
public class ValidationErrorMapper implements ExceptionMapper<ConstraintViolationException> {

  @Override
  public Response toResponse(ConstraintViolationException exception) {
    List<Problem.FieldError> errors =
        exception.getConstraintViolations().stream()
            .map(v -> new Problem.FieldError(wireName(v), v.getMessage()))
            .sorted(Comparator.comparing(Problem.FieldError::field))
            .toList();
    String fields = String.join(", ", errors.stream().map(Problem.FieldError::field).distinct().toList());
    return Problem.of("validation", Response.Status.BAD_REQUEST, "Invalid fields: " + fields + ".")
        .withErrors(errors)
        .toResponse();
  }

  /** "create.request.initialCode" names the Java method and parameter; clients know "initial_code". */
  private static String wireName(ConstraintViolation<?> violation) {
    String field = "body";
    for (Path.Node node : violation.getPropertyPath()) {
      switch (node.getKind()) {
        case PROPERTY -> field = snakeCase(node.getName());
        case PARAMETER -> field = node.getName().equals("request") ? "body" : snakeCase(node.getName());
        default -> {}
      }
    }
    return field;
  }

  static String snakeCase(String name) {
    return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase();
  }
}
