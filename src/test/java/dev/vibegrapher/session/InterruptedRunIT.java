package dev.vibegrapher.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibegrapher.client.ProblemException;
import dev.vibegrapher.client.SessionsApi;
import dev.vibegrapher.client.session.CreateSessionRequest;
import dev.vibegrapher.client.session.MessageView;
import dev.vibegrapher.client.session.SendMessageRequest;
import dev.vibegrapher.support.AcrossDatabases;
import dev.vibegrapher.support.Api;
import dev.vibegrapher.support.FakeOpenAi;
import dev.vibegrapher.support.Flavor;
import dev.vibegrapher.support.RunningApp;
import dev.vibegrapher.support.Runs;
import dev.vibegrapher.support.WsClient;
import java.time.Duration;
import java.util.List;
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
      SessionsApi sessions = api.client().sessions();
      String runId = sessions.send(session, new SendMessageRequest("Think hard")).runId();
      never.awaitHeld(1, Duration.ofSeconds(10));
      String otherSession =
          sessions.open(project, new CreateSessionRequest("node", "other", null)).id();
      ProblemException capped =
          assertThrows(
              ProblemException.class,
              () -> sessions.send(otherSession, new SendMessageRequest("Meanwhile")));
      assertEquals(
          429, capped.status(), "the working run holds the caller's one slot: " + capped.json());
      assertEquals("too-many-runs", capped.kind());

      app.kill();
      app.start();

      List<MessageView> messages = sessions.messages(session);
      MessageView last = messages.get(messages.size() - 1);
      assertEquals("error", last.messageType());
      assertEquals(runId, last.runId());
      assertTrue(last.content().contains("interrupted"), last.toString());
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
          "processing",
          sessions.send(session, new SendMessageRequest("Again")).status(),
          "the session and the caller's slot are free again");
      never.release();
    }
  }
}
