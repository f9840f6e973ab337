package dev.vibegrapher.platform.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vibegrapher.client.problem.Problem;
import dev.vibegrapher.client.project.CreateProjectRequest;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

class ProblemMappingTest {

  private static Problem problemOf(Response response) {
    assertEquals("application/problem+json", response.getMediaType().toString());
    Problem problem = (Problem) response.getEntity();
    assertEquals(response.getStatus(), problem.status());
    return problem;
  }

  @Test
  void ourNotFoundKeepsItsMessage() {
    Problem problem =
        problemOf(new HttpErrorMapper().toResponse(new NotFoundException("No project with id 7.")));
    assertEquals(404, problem.status());
    assertEquals("about:blank", problem.type());
    assertEquals("Not Found", problem.title());
    assertEquals("No project with id 7.", problem.detail());
  }

  @Test
  void jerseysStatusLineMessagesBecomeHelpfulDetailsAndHeadersStay() {
    Response response =
        new HttpErrorMapper().toResponse(new NotAllowedException("GET", new String[] {"POST"}));
    Problem problem = problemOf(response);
    assertEquals(405, problem.status());
    assertEquals("This method is not allowed on this resource.", problem.detail());
    assertTrue(response.getHeaderString("Allow").contains("POST"));

    assertEquals(
        "Send the body as application/json.",
        problemOf(new HttpErrorMapper().toResponse(new NotSupportedException())).detail());
  }

  @Test
  void validationFailuresNameWireFields() {
    Validator validator = Validation.buildDefaultValidatorFactory().getValidator();
    var violations = validator.validate(new CreateProjectRequest("", "../x.py", null));
    assertEquals(2, violations.size());

    Problem problem =
        problemOf(
            new ValidationErrorMapper().toResponse(new ConstraintViolationException(violations)));
    assertEquals(400, problem.status());
    assertEquals("urn:vibegrapher:problem:validation", problem.type());
    assertEquals("filename", problem.errors().get(0).field());
    assertEquals("name", problem.errors().get(1).field());
    assertEquals("Invalid fields: filename, name.", problem.detail());
  }

  @Test
  void camelCaseBecomesSnakeCase() {
    assertEquals("initial_code", ValidationErrorMapper.snakeCase("initialCode"));
    assertEquals("quick_test", ValidationErrorMapper.snakeCase("quickTest"));
    assertEquals("name", ValidationErrorMapper.snakeCase("name"));
  }

  @Test
  void unparsableJsonIs400WithThePositionButNoClassNames() {
    JsonbException parseFailure;
    try {
      JsonbBuilder.create().fromJson("[1]", CreateProjectRequest.class);
      throw new AssertionError("should not parse");
    } catch (JsonbException e) {
      parseFailure = e;
    }
    Problem problem =
        problemOf(
            new MalformedJsonMapper()
                .toResponse(
                    new ProcessingException(
                        "Error deserializing object from entity stream.", parseFailure)));
    assertEquals(400, problem.status());
    assertEquals("urn:vibegrapher:problem:malformed-json", problem.type());
    assertFalse(problem.detail().contains("dev.vibegrapher"), problem.detail());
    assertTrue(problem.detail().contains("START_ARRAY"), problem.detail());
  }

  @Test
  void otherProcessingFailuresAndSurprisesAre500WithACorrelationIdOnly() {
    Problem processing =
        problemOf(
            new MalformedJsonMapper()
                .toResponse(new ProcessingException("connection reset to upstream")));
    assertEquals(500, processing.status());

    Problem problem =
        problemOf(
            new UnexpectedFailureMapper()
                .toResponse(new IllegalStateException("password=hunter2 in a message")));
    assertEquals(500, problem.status());
    assertNotNull(problem.correlationId());
    assertTrue(problem.detail().contains(problem.correlationId()));
    assertFalse(problem.detail().contains("hunter2"));
    assertNull(problem.errors());
  }
}
