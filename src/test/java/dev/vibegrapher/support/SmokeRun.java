package dev.vibegrapher.support;

import static dev.vibegrapher.support.Runs.framesUntilEnd;
import static dev.vibegrapher.support.Runs.ofType;
import static dev.vibegrapher.support.Runs.submitPatch;
import static dev.vibegrapher.support.Runs.types;
import static dev.vibegrapher.support.Runs.verdict;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The product's smallest whole story, for the tests that deploy the application some way of their
 * own (Payara Server, plain Payara Micro): a project, a session, a run against the fake LLM that
 * proposes a patch the evaluator approves, the run's frames over WebSocket, the human's approval
 * and the commit, and the new code both over WebSocket and through the API.
 */
public final class SmokeRun {

  static final String CODE = "x = 1\ny = 2\n";
  static final String PATCH = "@@ -1,2 +1,2 @@\n-x = 1\n+x = 10\n y = 2\n";
  static final String PATCHED = "x = 10\ny = 2\n";

  /** What the story left behind, for a test that checks where it was stored. */
  public record Done(String projectId, String diffId) {}

  private SmokeRun() {}

  /**
   * Runs the story against {@code app}, whose LLM is {@code fake} with these two model names (so
   * that the fake's scripts are this app's alone).
   */
  public static Done commitAnAgentsPatch(
      RunningApp app, FakeOpenAi fake, String coderModel, String evaluatorModel) {
    try (Runs.Room room = Runs.Room.open(app, CODE)) {
      Api api = room.api();
      fake.script(coderModel).functionCall("submit_patch", submitPatch(PATCH, "x ten"));
      fake.script(evaluatorModel).structured(verdict(true, "Good", "Make x ten"));
      String runId = Runs.send(api, room.sessionId(), "x ten").get("run_id").asText();
      List<JsonNode> frames = framesUntilEnd(room.ws(), runId, Duration.ofSeconds(90));
      assertEquals(
          "vibecode_completed", types(frames).get(frames.size() - 1), types(frames).toString());
      String diffId = ofType(frames, "diff_created").get(0).get("diff").get("id").asText();

      assertEquals(
          "human_approved",
          api.post("/api/diffs/" + diffId + "/review", Map.of("approved", true))
              .json()
              .get("diff")
              .get("status")
              .asText());
      Api.Reply commit = api.post("/api/diffs/" + diffId + "/commit", Map.of());
      assertEquals(200, commit.status(), commit.body());
      assertEquals("committed", commit.json().get("status").asText(), commit.body());
      JsonNode changed =
          room.ws()
              .nextMatching(
                  f -> f.path("type").asText().equals("code_changed"), Duration.ofSeconds(20));
      assertEquals(PATCHED, changed.get("data").get("new_code").asText(), changed.toString());
      assertEquals(
          PATCHED,
          api.get("/api/projects/" + room.projectId()).json().get("current_code").asText());
      return new Done(room.projectId(), diffId);
    }
  }

  /**
   * Waits for the app's readiness after a deployment of the test's own (a deploy command may return
   * before the app answers); returns the readiness answer's body.
   */
  public static JsonNode awaitReady(RunningApp app, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    Api.Reply last = null;
    while (System.nanoTime() < deadline) {
      last = app.api().get("/health/ready");
      if (last.status() == 200) {
        return last.json();
      }
      TimeUnit.MILLISECONDS.sleep(250);
    }
    throw new AssertionError(
        "not ready after deployment: "
            + (last == null ? "no answer" : last.status() + " " + last.body()));
  }

  /** The data of the readiness answer's check of that name. */
  public static JsonNode checkData(JsonNode ready, String name) {
    for (JsonNode check : ready.path("checks")) {
      if (name.equals(check.path("name").asText())) {
        return check.path("data");
      }
    }
    throw new AssertionError("no check " + name + " in " + ready);
  }
}
