package dev.vibegrapher.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibegrapher.support.AcrossDatabases;
import dev.vibegrapher.support.Api;
import dev.vibegrapher.support.FakeOpenAi;
import dev.vibegrapher.support.Flavor;
import dev.vibegrapher.support.RunningApp;
import dev.vibegrapher.support.Runs;
import dev.vibegrapher.support.WsClient;
import java.time.Duration;
import java.util.Map;

/**
 * A run in flight when the server dies is failed at the next start: no session stays busy, and its
 * caller's run slot is free again (the app allows one run per caller, so the next message shows
 * both).
 */
class InterruptedRunIT {

  @AcrossDatabases
  void aRunCutOffByACrashIsFailedAfterRestart(Flavor flavor) {
    try (FakeOpenAi fake = FakeOpenAi.start();
        RunningApp app =
            RunningApp.prepare(
                    "crash-" + flavor.name().toLowerCase(),
                    flavor,
                    Map.of(
                        "OPENAI_API_KEY",
                        "test-key-not-a-secret",
                        "OPENAI_BASE_URL",
                        fake.baseUrl(),
                        "VIBEGRAPHER_CODER_MODEL",
                        "crash-coder",
                        "VIBEGRAPHER_RUNS_MAX_PER_CALLER",
                        "1"))
                .start()) {
      Api api = app.api();
      String project = Runs.newProject(api, "x = 1\n");
      String session = Runs.openSession(api, project);
      FakeOpenAi.Hold never = new FakeOpenAi.Hold();
      fake.script("crash-coder").holdUntil(never).text("Never sent.");
      String runId = Runs.send(api, session, "Think hard").get("run_id").asText();
      never.awaitHeld(1, Duration.ofSeconds(10));
      String otherSession =
          api.post(
                  "/api/projects/" + project + "/sessions",
                  Map.of("session_type", "node", "node_id", "other"))
              .json()
              .get("id")
              .asText();
      Api.Reply capped =
          api.post("/api/sessions/" + otherSession + "/messages", Map.of("prompt", "Meanwhile"));
      assertEquals(
          429, capped.status(), "the working run holds the caller's one slot: " + capped.body());
      assertEquals("urn:vibegrapher:problem:too-many-runs", capped.json().get("type").asText());

      app.kill();
      app.start();

      JsonNode messages = api.get("/api/sessions/" + session + "/messages").json();
      JsonNode last = messages.get(messages.size() - 1);
      assertEquals("error", last.get("message_type").asText());
      assertEquals(runId, last.get("run_id").asText());
      assertTrue(last.get("content").asText().contains("interrupted"), last.toString());
      try (WsClient ws = WsClient.connect(app)) {
        ws.subscribe(project, 0);
        JsonNode error =
            ws.nextMatching(
                f -> f.path("type").asText().equals("vibecode_error"), Duration.ofSeconds(10));
        assertEquals(
            runId,
            error.get("data").get("run_id").asText(),
            "the failure is in the replayable log too");
      }
      fake.script("crash-coder").text("Back.");
      assertEquals(
          202,
          api.post("/api/sessions/" + session + "/messages", Map.of("prompt", "Again")).status(),
          "the session and the caller's slot are free again");
      never.release();
    }
  }
}
