package dev.vibegrapher.platform.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibegrapher.support.AcrossDatabases;
import dev.vibegrapher.support.Api;
import dev.vibegrapher.support.FakeOpenAi;
import dev.vibegrapher.support.Flavor;
import dev.vibegrapher.support.SharedApps;
import dev.vibegrapher.support.SharedFake;
import dev.vibegrapher.support.WsClient;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * The status code and Location of each route's success, as docs/api.md and /openapi give them. The
 * other integration tests speak through the typed client, which tells a success only from a
 * refusal; these answers are the part of the contract a plain HTTP client sees beyond the body, so
 * they are checked here, raw, route by route.
 */
class SuccessStatusesIT {

  @AcrossDatabases
  void eachRouteAnswersItsSuccessWithItsOwnStatus(Flavor flavor) {
    Api api = SharedApps.api(flavor);
    FakeOpenAi fake = SharedFake.fake();
    fake.reset();

    Api.Reply project =
        api.post(
            "/api/projects",
            Map.of("name", "statuses " + UUID.randomUUID(), "filename", "main.py"));
    assertEquals(201, project.status(), project.body());
    String projectId = project.json().get("id").asText();
    assertTrue(project.header("Location").endsWith("/api/projects/" + projectId));

    Api.Reply test =
        api.post(
            "/api/projects/" + projectId + "/tests",
            Map.of("name", "runs", "code", "assert True", "quick_test", true));
    assertEquals(201, test.status(), test.body());
    String testId = test.json().get("id").asText();
    assertTrue(test.header("Location").endsWith("/api/tests/" + testId));
    Api.Reply replaced =
        api.put(
            "/api/tests/" + testId,
            Map.of("name", "still runs", "code", "assert 1", "quick_test", false));
    assertEquals(200, replaced.status(), replaced.body());
    assertEquals(204, api.delete("/api/tests/" + testId).status());

    Api.Reply made =
        api.post("/api/projects/" + projectId + "/sessions", Map.of("session_type", "global"));
    assertEquals(201, made.status(), "a new session: " + made.body());
    Api.Reply found =
        api.post("/api/projects/" + projectId + "/sessions", Map.of("session_type", "global"));
    assertEquals(200, found.status(), "the same session again: " + found.body());
    String sessionId = made.json().get("id").asText();
    assertEquals(sessionId, found.json().get("id").asText());

    try (WsClient room = WsClient.connect(SharedApps.of(flavor))) {
      room.subscribe(projectId);
      room.nextOfType("subscribed");
      Api.Reply published =
          api.post(
              "/api/projects/" + projectId + "/events",
              Map.of("type", "conversation_message", "data", Map.of("text", "hello")));
      assertEquals(202, published.status(), published.body());

      fake.script(SharedFake.CODER_MODEL).text("Hello.");
      Api.Reply accepted =
          api.post("/api/sessions/" + sessionId + "/messages", Map.of("prompt", "Hi"));
      assertEquals(202, accepted.status(), accepted.body());
      String runId = accepted.json().get("run_id").asText();
      JsonNode end =
          room.nextMatching(
              f ->
                  f.path("type").asText().startsWith("vibecode_")
                      && runId.equals(f.path("data").path("run_id").asText()),
              Duration.ofSeconds(30));
      assertEquals("vibecode_completed", end.get("type").asText(), end.toString());
    }
    assertEquals(204, api.delete("/api/sessions/" + sessionId).status());

    Api.Reply token = api.post("/api/tokens", Map.of("name", "statuses", "role", "viewer"));
    assertEquals(201, token.status(), token.body());
    assertEquals(204, api.delete("/api/tokens/" + token.json().get("id").asText()).status());

    assertEquals(204, api.delete("/api/projects/" + projectId).status());
  }
}
