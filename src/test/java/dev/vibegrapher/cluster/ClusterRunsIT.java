package dev.vibegrapher.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibegrapher.client.session.MessageView;
import dev.vibegrapher.support.FakeOpenAi;
import dev.vibegrapher.support.Flavor;
import dev.vibegrapher.support.OnPostgreSql;
import dev.vibegrapher.support.RunningApp;
import dev.vibegrapher.support.Runs;
import dev.vibegrapher.support.SharedApps;
import dev.vibegrapher.support.WsClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs across instances sharing one PostgreSQL database: an instance that dies (kill -9) leaves its
 * run working for nobody; another instance fails it once its lease has run out, as a restart would,
 * so the session is free again. An instance that starts fails nobody's live run.
 *
 * <p>PostgreSQL only: H2 is embedded in one process, so no second instance can share it.
 */
class ClusterRunsIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  // Renewed every 2 s: long enough that a busy machine running three instances renews in time.
  private static final int LEASE_SECONDS = 6;
  private static final String CODER = "lease-coder";

  @OnPostgreSql
  void aDeadInstancesRunIsFailedByASurvivorAndAStartingInstanceFailsNoLiveRun(Flavor flavor)
      throws Exception {
    try (FakeOpenAi fake = FakeOpenAi.start();
        RunningApp first =
            RunningApp.prepare("lease-a", Flavor.POSTGRESQL, settings(fake)).start();
        RunningApp second = RunningApp.joining("lease-b", first, settings(fake)).start()) {
      FakeOpenAi.Hold never = new FakeOpenAi.Hold();
      HeldRun cut = HeldRun.on(first, fake, never, "Never sent.");
      String project = cut.projectId();
      String session = cut.sessionId();
      String runId = cut.runId();

      try (WsClient there = watching(second, project)) {
        first.kill();
        JsonNode error =
            there.nextMatching(f -> f.path("type").asText().equals("vibecode_error"), WAIT);
        assertEquals(runId, error.get("data").get("run_id").asText());
        assertTrue(
            error.get("data").get("detail").asText().contains("interrupted"), error.toString());
      }
      List<MessageView> messages = second.api().client().sessions().messages(session);
      MessageView last = messages.get(messages.size() - 1);
      assertEquals("error", last.messageType());
      assertEquals(runId, last.runId());
      never.release();

      // A live run on the survivor, while a third instance starts and a lease's time goes by.
      FakeOpenAi.Hold held = new FakeOpenAi.Hold();
      HeldRun live = HeldRun.on(second, fake, held, "y is one.");
      String working = live.projectId();
      String liveRun = live.runId();
      try (RunningApp third = RunningApp.joining("lease-c", first, settings(fake)).start();
          WsClient watchingRun = watching(third, working)) {
        // Past the lease, renewed meanwhile by the survivor: nobody may take the run over.
        Thread.sleep(Duration.ofSeconds(2L * LEASE_SECONDS).toMillis());

        held.release();
        List<JsonNode> frames = Runs.framesUntilEnd(watchingRun, liveRun, WAIT);
        assertEquals(
            "vibecode_completed",
            frames.get(frames.size() - 1).get("type").asText(),
            "the live run ended as its own instance recorded it: " + frames.get(frames.size() - 1));
      }
    }
  }

  /** A run on a new project of the app, waiting inside its LLM call until the hold is released. */
  private record HeldRun(String projectId, String sessionId, String runId) {
    static HeldRun on(RunningApp app, FakeOpenAi fake, FakeOpenAi.Hold hold, String answer) {
      String project = Runs.newProject(app.api(), "x = 1\n");
      String session = Runs.openSession(app.api(), project);
      fake.script(CODER).holdUntil(hold).text(answer);
      String runId = Runs.start(app.api(), session, "Think hard").runId();
      hold.awaitHeld(1, WAIT);
      return new HeldRun(project, session, runId);
    }
  }

  private static Map<String, String> settings(FakeOpenAi fake) {
    Map<String, String> settings = new HashMap<>(SharedApps.sharedSettings());
    settings.put("OPENAI_BASE_URL", fake.baseUrl());
    settings.put("VIBEGRAPHER_CODER_MODEL", CODER);
    settings.put("VIBEGRAPHER_RUNS_LEASE_SECONDS", String.valueOf(LEASE_SECONDS));
    return settings;
  }

  private static WsClient watching(RunningApp app, String project) {
    WsClient client = WsClient.connect(app);
    client.subscribe(project);
    client.nextOfType("subscribed");
    return client;
  }
}
