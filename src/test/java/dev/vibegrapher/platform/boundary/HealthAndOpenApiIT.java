package dev.vibegrapher.platform.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibegrapher.support.AcrossDatabases;
import dev.vibegrapher.support.Api;
import dev.vibegrapher.support.Flavor;
import dev.vibegrapher.support.SharedApps;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

class HealthAndOpenApiIT {

  @AcrossDatabases
  void readinessChecksTheDatabaseAndTheDataDirectory(Flavor flavor) {
    Api api = SharedApps.api(flavor);
    Api.Reply ready = api.get("/health/ready");
    assertEquals(200, ready.status());
    Map<String, JsonNode> checks = new HashMap<>();
    ready.json().get("checks").forEach(c -> checks.put(c.get("name").asText(), c));
    assertEquals("UP", checks.get("database").get("status").asText());
    assertEquals(
        flavor.name().toLowerCase(), checks.get("database").get("data").get("kind").asText());
    assertTrue(
        checks.get("database").get("data").get("version").asText().matches("\\d+\\.\\d+\\.\\d+.*"));
    assertEquals("UP", checks.get("data-directory").get("status").asText());
    assertEquals(
        "UP", checks.get("sandbox").get("status").asText(), "test code can run, in the sandbox");
    assertEquals("on", checks.get("sandbox").get("data").get("mode").asText());

    Api.Reply live = api.get("/health/live");
    assertEquals(200, live.status());
    assertEquals("UP", live.json().get("status").asText());
    assertEquals(200, api.get("/health").status());
  }

  @AcrossDatabases
  void openApiDescribesEveryEndpointWithSchemasAndProblems(Flavor flavor) {
    Api api = SharedApps.api(flavor);
    Api.Reply reply = api.get("/openapi", Map.of("Accept", "application/json"));
    assertEquals(200, reply.status());
    JsonNode openapi = reply.json();
    JsonNode paths = openapi.get("paths");
    Map<String, List<String>> expected =
        Map.ofEntries(
            Map.entry("/api/projects", List.of("get", "post")),
            Map.entry("/api/projects/{id}", List.of("get", "delete")),
            Map.entry("/api/projects/{id}/files", List.of("get")),
            Map.entry("/api/projects/{id}/files/{path}", List.of("get")),
            Map.entry("/api/projects/{projectId}/tests", List.of("get", "post")),
            Map.entry("/api/tests/{id}", List.of("get", "put", "delete")),
            Map.entry("/api/projects/{projectId}/sessions", List.of("get", "post")),
            Map.entry("/api/sessions/{id}", List.of("get", "delete")),
            Map.entry("/api/sessions/{id}/messages", List.of("get", "post")),
            Map.entry("/api/messages/{id}/full", List.of("get")),
            Map.entry("/api/projects/{projectId}/diffs", List.of("get")),
            Map.entry("/api/sessions/{id}/diffs", List.of("get")),
            Map.entry("/api/sessions/{id}/diffs/pending", List.of("get")),
            Map.entry("/api/diffs/{id}", List.of("get")),
            Map.entry("/api/diffs/{id}/preview", List.of("get")),
            Map.entry("/api/diffs/{id}/review", List.of("post")),
            Map.entry("/api/diffs/{id}/commit", List.of("post")),
            Map.entry("/api/diffs/{id}/refine-message", List.of("post")),
            Map.entry("/api/diffs/{id}/tests", List.of("post")),
            Map.entry("/api/diffs/{id}/revert", List.of("post")),
            Map.entry("/api/projects/{id}/branches", List.of("get")),
            Map.entry("/api/agents", List.of("get")));
    expected.forEach(
        (path, methods) -> {
          assertTrue(paths.has(path), path + " in " + paths.fieldNames());
          for (String method : methods) {
            JsonNode operation = paths.get(path).get(method);
            assertTrue(operation != null, method + " " + path);
            assertTrue(
                operation.get("responses").has("404"), method + " " + path + " documents 404");
            assertEquals(
                "#/components/schemas/Problem",
                operation
                    .get("responses")
                    .get("500")
                    .get("content")
                    .get("application/problem+json")
                    .get("schema")
                    .get("$ref")
                    .asText());
          }
        });
    assertTrue(paths.get("/api/projects").get("post").get("responses").has("400"));
    assertTrue(paths.get("/api/projects").get("post").get("responses").has("413"));
    JsonNode send = paths.get("/api/sessions/{id}/messages").get("post").get("responses");
    for (String status : List.of("202", "400", "409", "413")) {
      assertTrue(
          send.has(status), "sending a message documents " + status + ": " + send.fieldNames());
    }
    JsonNode schemas = openapi.get("components").get("schemas");
    assertTrue(schemas.has("Problem"));
    assertTrue(schemas.has("Project"));
    assertTrue(
        schemas.get("Project").get("properties").has("current_code"),
        "snake_case as on the wire: " + schemas.get("Project"));
  }
}
