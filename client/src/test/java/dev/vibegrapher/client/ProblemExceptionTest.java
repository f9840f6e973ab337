package dev.vibegrapher.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vibegrapher.client.problem.Problem;
import jakarta.ws.rs.core.MultivaluedHashMap;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProblemExceptionTest {

  @Test
  void aProblemCarriesItsStandardAndExtensionMembers() {
    ProblemException problem =
        ProblemException.of(
            409,
            "Conflict",
            "{\"type\":\"urn:vibegrapher:problem:session-busy\",\"title\":\"Conflict\","
                + "\"status\":409,\"detail\":\"A run is working.\",\"run_id\":\"r1\"}");
    assertEquals("urn:vibegrapher:problem:session-busy", problem.type());
    assertEquals("session-busy", problem.kind());
    assertEquals("Conflict", problem.title());
    assertEquals(409, problem.status());
    assertEquals("A run is working.", problem.detail());
    assertEquals(Optional.empty(), problem.instance());
    assertEquals(Optional.of("r1"), problem.string("run_id"));
    assertEquals(List.of("run_id"), List.copyOf(problem.extensions().keySet()));
    assertEquals("409 Conflict: A run is working.", problem.getMessage());
  }

  @Test
  void invalidFieldsAreNamedAsOnTheWire() {
    ProblemException problem =
        ProblemException.of(
            400,
            "Bad Request",
            "{\"type\":\"urn:vibegrapher:problem:validation\",\"title\":\"Bad Request\","
                + "\"status\":400,\"detail\":\"Invalid fields: name.\","
                + "\"errors\":[{\"field\":\"name\",\"message\":\"must be non-blank text\"}]}");
    assertEquals(
        List.of(new Problem.FieldError("name", "must be non-blank text")), problem.errors());
  }

  @Test
  void anAnswerThatIsNoProblemDocumentIsDescribedByItsStatus() {
    ProblemException problem = ProblemException.of(502, "Bad Gateway", "<html>down</html>");
    assertEquals("about:blank", problem.type());
    assertEquals("", problem.kind());
    assertEquals(502, problem.status());
    assertEquals("Bad Gateway", problem.title());
    assertEquals("<html>down</html>", problem.detail());
    assertTrue(problem.errors().isEmpty());
  }

  @Test
  void everyRefusalIsMappedAndNothingElse() {
    ProblemMapper mapper = new ProblemMapper();
    assertTrue(mapper.handles(400, new MultivaluedHashMap<>()));
    assertTrue(mapper.handles(503, new MultivaluedHashMap<>()));
    assertEquals(false, mapper.handles(204, new MultivaluedHashMap<>()));
  }
}
