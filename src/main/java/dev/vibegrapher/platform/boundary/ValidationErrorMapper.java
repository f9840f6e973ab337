package dev.vibegrapher.platform.boundary;

import dev.vibegrapher.client.problem.Problem;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.ArrayList;
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
    String fields =
        String.join(", ", errors.stream().map(Problem.FieldError::field).distinct().toList());
    return Problems.toResponse(
        Problems.withErrors(
            Problems.of(
                "validation", Response.Status.BAD_REQUEST, "Invalid fields: " + fields + "."),
            errors));
  }

  /** The property path in the body as clients spell it: "initialCode" is "initial_code". */
  private static String wireName(ConstraintViolation<?> violation) {
    List<String> names = new ArrayList<>();
    for (Path.Node node : violation.getPropertyPath()) {
      if (node.getName() != null) {
        names.add(snakeCase(node.getName()));
      }
    }
    return names.isEmpty() ? "body" : String.join(".", names);
  }

  static String snakeCase(String name) {
    return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase();
  }
}
