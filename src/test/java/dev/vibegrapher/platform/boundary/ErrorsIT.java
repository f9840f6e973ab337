package dev.vibegrapher.platform.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibegrapher.client.Vibegrapher;
import dev.vibegrapher.support.AcrossDatabases;
import dev.vibegrapher.support.Api;
import dev.vibegrapher.support.Flavor;
import dev.vibegrapher.support.Runs;
import dev.vibegrapher.support.SharedApps;
import java.util.Map;
import java.util.UUID;

/** Every kind of bad input gets an RFC 9457 problem and changes nothing. */
class ErrorsIT {

  private static JsonNode problem(Api.Reply reply, int status) {
    assertEquals(status, reply.status(), reply.body());
    assertTrue(reply.contentType().startsWith("application/problem+json"), reply.contentType());
    JsonNode problem = reply.json();
    assertEquals(status, problem.get("status").asInt());
    assertNotNull(problem.get("type"));
    assertNotNull(problem.get("title"));
    assertFalse(problem.get("detail").asText().isBlank());
    assertFalse(reply.body().contains("at dev.vibegrapher"), "no stack trace");
    assertFalse(reply.body().contains("Exception"), "no exception names");
    return problem;
  }

  @AcrossDatabases
  void malformedJsonIs400AndCreatesNothing(Flavor flavor) {
    Api api = SharedApps.api(flavor);
    int before = api.allProjects().size();
    for (String body :
        new String[] {
          "{\"name\":",
          "not json",
          "[1,2]",
          "{\"name\": {\"nested\": 1}}",
          "{\"name\": \"x\", \"initial_code\": 5"
        }) {
      JsonNode problem = problem(api.send("POST", "/api/projects", "application/json", body), 400);
      assertEquals("urn:vibegrapher:problem:malformed-json", problem.get("type").asText(), body);
    }
    problem(api.send("POST", "/api/projects", "application/json", null), 400);
    assertEquals(before, api.allProjects().size());
  }

  @AcrossDatabases
  void validationFailuresNameTheFields(Flavor flavor) {
    Api api = SharedApps.api(flavor);
    JsonNode problem =
        problem(api.post("/api/projects", Map.of("name", "", "filename", "../escape.py")), 400);
    assertEquals("urn:vibegrapher:problem:validation", problem.get("type").asText());
    assertTrue(problem.get("detail").asText().contains("filename"));
    assertTrue(problem.get("detail").asText().contains("name"));
    assertEquals(2, problem.get("errors").size());
    assertEquals("filename", problem.get("errors").get(0).get("field").asText());
    assertEquals("name", problem.get("errors").get(1).get("field").asText());

    JsonNode missing = problem(api.post("/api/projects", Map.of("filename", "a.py")), 400);
    assertEquals("name", missing.get("errors").get(0).get("field").asText());
    JsonNode tooLong = problem(api.post("/api/projects", Map.of("name", "x".repeat(201))), 400);
    assertEquals("name", tooLong.get("errors").get(0).get("field").asText());
  }

  /**
   * Everything a client writes is stored or sent to the LLM, so everything has a size, named in the
   * refusal.
   */
  @AcrossDatabases
  void everyTextAClientWritesHasALimitThatTheRefusalNames(Flavor flavor) {
    Api api = SharedApps.api(flavor);
    String project = Runs.newProject(api, "x = 1\n");
    String diff = UUID.randomUUID().toString();
    String overPrompt = "é".repeat(16_385); // 32,770 bytes as UTF-8: characters are not bytes
    for (String[] call :
        new String[][] {
          {
            "/api/diffs/" + diff + "/review",
            "feedback",
            "{\"approved\": false, \"feedback\": \"%s\"}"
          },
          {"/api/diffs/" + diff + "/refine-message", "hint", "{\"hint\": \"%s\"}"}
        }) {
      JsonNode refused =
          problem(
              api.send("POST", call[0], "application/json", String.format(call[2], overPrompt)),
              413);
      assertTrue(
          refused.get("detail").asText().contains("The " + call[1] + " is larger than 32768 bytes"),
          refused.toString());
    }
    Map<String, Object[]> tooLong =
        Map.of(
            "/api/projects/" + project + "/tests",
            new Object[] {Map.of("name", "t", "code", "#".repeat(65_537)), "code", 65_536},
            "/api/diffs/" + diff + "/commit",
            new Object[] {Map.of("commit_message", "m".repeat(10_001)), "commit_message", 10_000},
            "/api/projects/" + project + "/sessions",
            new Object[] {
              Map.of("session_type", "global", "branch", "b".repeat(201)), "branch", 200
            },
            "/api/tokens",
            new Object[] {Map.of("name", "n".repeat(201), "role", "viewer"), "name", 200});
    tooLong.forEach(
        (path, expected) -> {
          JsonNode refused = problem(api.post(path, expected[0]), 400);
          assertEquals(expected[1], refused.get("errors").get(0).get("field").asText(), path);
          assertTrue(
              refused
                  .get("errors")
                  .get(0)
                  .get("message")
                  .asText()
                  .contains(String.valueOf(expected[2])),
              refused.toString());
        });
    Vibegrapher client = api.client();
    assertEquals(0, client.testCases().ofProject(project).size(), "nothing was stored");
    assertEquals(0, client.sessions().ofProject(project).size(), "nothing was stored");
  }

  @AcrossDatabases
  void unknownIdsAndRoutesAre404(Flavor flavor) {
    Api api = SharedApps.api(flavor);
    JsonNode problem = problem(api.get("/api/projects/" + UUID.randomUUID()), 404);
    assertTrue(problem.get("detail").asText().startsWith("No project with id"));
    problem(api.delete("/api/projects/" + UUID.randomUUID()), 404);
    problem(api.get("/api/tests/" + UUID.randomUUID()), 404);
    problem(api.get("/api/no-such-thing"), 404);
  }

  @AcrossDatabases
  void wrongMethodIs405AndWrongMediaTypeIs415(Flavor flavor) {
    Api api = SharedApps.api(flavor);
    Api.Reply notAllowed = api.send("PUT", "/api/projects", "application/json", "{}");
    problem(notAllowed, 405);
    assertTrue(notAllowed.header("Allow").contains("GET"));
    problem(api.send("POST", "/api/projects", "text/plain", "name=x"), 415);
  }

  @AcrossDatabases
  void anAcceptTheApiCannotProduceIs406(Flavor flavor) {
    Api api = SharedApps.api(flavor);
    JsonNode unacceptable = problem(api.get("/api/projects", Map.of("Accept", "text/csv")), 406);
    assertEquals(
        "about:blank", unacceptable.get("type").asText(), "docs/api.md: 406 is about:blank");
    problem(
        api.get(
            "/api/projects/" + Runs.newProject(api, "x = 1\n"),
            Map.of("Accept", "application/xml")),
        406);
    assertEquals(
        200,
        api.get("/api/projects", Map.of("Accept", "text/csv, application/json;q=0.5")).status(),
        "JSON among the acceptable types is served");
  }

  @AcrossDatabases
  void bodiesOverTheLimitAre413WhetherDeclaredOrChunked(Flavor flavor) {
    Api api = SharedApps.api(flavor);
    int before = api.allProjects().size();
    String huge = "{\"name\": \"big\", \"initial_code\": \"" + "x".repeat(300 * 1024) + "\"}";
    JsonNode declared = problem(api.send("POST", "/api/projects", "application/json", huge), 413);
    assertTrue(declared.get("detail").asText().contains("262144"));
    problem(api.postChunked("/api/projects", huge.getBytes()), 413);
    assertEquals(before, api.allProjects().size());

    String fits =
        "{\"name\": \"fits "
            + UUID.randomUUID()
            + "\", \"initial_code\": \""
            + "y".repeat(200 * 1024)
            + "\"}";
    assertEquals(201, api.postChunked("/api/projects", fits.getBytes()).status());
  }
}
