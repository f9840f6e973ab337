package dev.vibegrapher.project.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibegrapher.support.AcrossDatabases;
import dev.vibegrapher.support.Api;
import dev.vibegrapher.support.Flavor;
import dev.vibegrapher.support.SharedApps;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

class ProjectTestCasesApiIT {

  @AcrossDatabases
  void createReadReplaceAndDeleteATestCase(Flavor flavor) throws Exception {
    Api api = SharedApps.api(flavor);
    String projectId =
        api.post("/api/projects", Map.of("name", "tests " + UUID.randomUUID()))
            .json()
            .get("id")
            .asText();

    Api.Reply created =
        api.post(
            "/api/projects/" + projectId + "/tests",
            Map.of(
                "name", "greets", "code", "assert greet('x') == 'Hello, x!'", "quick_test", true));
    assertEquals(201, created.status());
    JsonNode test = created.json();
    String id = test.get("id").asText();
    assertEquals(projectId, test.get("project_id").asText());
    assertEquals("greets", test.get("name").asText());
    assertTrue(test.get("quick_test").asBoolean());
    assertTrue(created.header("Location").endsWith("/api/tests/" + id));
    assertEquals(test, api.get("/api/tests/" + id).json());

    JsonNode listed = api.get("/api/projects/" + projectId + "/tests").json();
    assertEquals(1, listed.size());
    assertEquals(test, listed.get(0));

    // No pause needed before the replacement: timestamps have microseconds, and a request takes
    // longer.
    Api.Reply replaced =
        api.put(
            "/api/tests/" + id,
            Map.of("name", "greets politely", "code", "assert True", "quick_test", false));
    assertEquals(200, replaced.status());
    JsonNode changed = replaced.json();
    assertEquals("greets politely", changed.get("name").asText());
    assertEquals("assert True", changed.get("code").asText());
    assertEquals(false, changed.get("quick_test").asBoolean());
    assertEquals(test.get("created_at"), changed.get("created_at"));
    assertTrue(
        Instant.parse(changed.get("updated_at").asText())
            .isAfter(Instant.parse(test.get("updated_at").asText())));
    assertEquals(changed, api.get("/api/tests/" + id).json());

    assertEquals(204, api.delete("/api/tests/" + id).status());
    assertEquals(404, api.get("/api/tests/" + id).status());
    assertEquals(0, api.get("/api/projects/" + projectId + "/tests").json().size());
  }

  @AcrossDatabases
  void refusesTestCasesOfUnknownProjectsAndInvalidOnes(Flavor flavor) {
    Api api = SharedApps.api(flavor);
    assertEquals(
        404,
        api.post("/api/projects/" + UUID.randomUUID() + "/tests", Map.of("name", "n", "code", "c"))
            .status());
    assertEquals(404, api.get("/api/projects/" + UUID.randomUUID() + "/tests").status());
    assertEquals(
        404, api.put("/api/tests/" + UUID.randomUUID(), Map.of("name", "n", "code", "c")).status());
    assertEquals(404, api.delete("/api/tests/" + UUID.randomUUID()).status());

    String projectId =
        api.post("/api/projects", Map.of("name", "invalid tests")).json().get("id").asText();
    Api.Reply invalid = api.post("/api/projects/" + projectId + "/tests", Map.of("name", " "));
    assertEquals(400, invalid.status());
    JsonNode problem = invalid.json();
    assertEquals("urn:vibegrapher:problem:validation", problem.get("type").asText());
    assertEquals("[\"code\",\"name\"]", fields(problem));
  }

  static String fields(JsonNode problem) {
    StringBuilder names = new StringBuilder("[");
    problem
        .get("errors")
        .forEach(
            e ->
                names
                    .append(names.length() > 1 ? "," : "")
                    .append('"')
                    .append(e.get("field").asText())
                    .append('"'));
    return names.append(']').toString();
  }
}
