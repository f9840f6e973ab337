package dev.vibegrapher.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibegrapher.client.session.CreateSessionRequest;
import dev.vibegrapher.client.session.MessageView;
import dev.vibegrapher.support.Api;
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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs across instances sharing one PostgreSQL database: an instance that dies (kill -9) leaves its
 * run working for nobody; another instance fails it once its lease has run out, as a restart would,
 * so the session is free again. An instance that starts fails nobody's live run. A caller's runs
 * count against their cap on every instance.
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

  @OnPostgreSql
  void aStoppedInstanceLetsItsRunFinishAndTakesNoNewOne(Flavor flavor) throws Exception {
    try (FakeOpenAi fake = FakeOpenAi.start();
        RunningApp staying =
            RunningApp.prepare("grace-a", Flavor.POSTGRESQL, settings(fake)).start();
        RunningApp leaving = RunningApp.joining("grace-b", staying, settings(fake)).start()) {
      FakeOpenAi.Hold held = new FakeOpenAi.Hold();
      HeldRun run = HeldRun.on(leaving, fake, held, "Finished after the stop began.");
      String other =
          leaving
              .api()
              .client()
              .sessions()
              .open(run.projectId(), new CreateSessionRequest("node", "node-2", null))
              .id();
      try (WsClient watching = watching(staying, run.projectId())) {
        CompletableFuture<Optional<Integer>> exit =
            CompletableFuture.supplyAsync(() -> leaving.terminate(WAIT));
        awaitNotReady(leaving);
        // Raw: the refusal's status and type are what is checked.
        Api.Reply refused =
            leaving.api().post("/api/sessions/" + other + "/messages", Map.of("prompt", "Hi"));
        assertEquals(503, refused.status(), refused.body());
        assertTrue(refused.body().contains("shutting-down"), refused.body());
        assertFalse(exit.isDone(), "the stopping instance waits for its run");

        held.release();
        List<JsonNode> frames = Runs.framesUntilEnd(watching, run.runId(), WAIT);
        assertEquals(
            "vibecode_completed",
            frames.get(frames.size() - 1).get("type").asText(),
            "the run finished on the stopping instance: " + frames.get(frames.size() - 1));
        assertTrue(exit.get(WAIT.toSeconds(), TimeUnit.SECONDS).isPresent(), "then it stopped");
      }
      List<MessageView> messages = staying.api().client().sessions().messages(run.sessionId());
      assertTrue(
          messages.stream()
              .anyMatch(
                  m ->
                      m.content().equals("Finished after the stop began.")
                          && run.runId().equals(m.runId())),
          "the answer is stored: " + messages);
      MessageView last = messages.get(messages.size() - 1);
      assertEquals(run.runId(), last.runId());
      assertEquals("Answered in text.", last.content(), "the run's outcome, not an error");
      fake.script(CODER).text("Still here.");
      assertEquals(
          "processing",
          Runs.start(staying.api(), run.sessionId(), "Again").status(),
          "the session is free on the instance that stayed");
    }
  }

  /**
   * With one run per caller, a caller working through A is refused through B, in another project
   * (so the two starts hold different projects), until the run on A has ended.
   */
  @OnPostgreSql
  void aCallersRunThroughOneInstanceCountsAgainstTheirCapOnAnother(Flavor flavor) {
    try (FakeOpenAi fake = FakeOpenAi.start();
        RunningApp a = RunningApp.prepare("cap-a", Flavor.POSTGRESQL, oneRunEach(fake)).start();
        RunningApp b = RunningApp.joining("cap-b", a, oneRunEach(fake)).start()) {
      FakeOpenAi.Hold held = new FakeOpenAi.Hold();
      HeldRun working = HeldRun.on(a, fake, held, "Answered through A.");
      String elsewhere = Runs.openSession(b.api(), Runs.newProject(b.api(), "y = 2\n"));
      try (WsClient watching = watching(b, working.projectId())) {
        // Raw: the refusal's status and type are what is checked.
        Api.Reply refused =
            b.api().post("/api/sessions/" + elsewhere + "/messages", Map.of("prompt", "Meanwhile"));
        assertEquals(429, refused.status(), refused.body());
        assertEquals("urn:vibegrapher:problem:too-many-runs", refused.json().get("type").asText());
        assertEquals(1, refused.json().get("max_runs_per_caller").asInt());
        assertEquals(
            List.of(),
            b.api().client().sessions().messages(elsewhere),
            "the refused prompt is not stored");

        held.release();
        List<JsonNode> frames = Runs.framesUntilEnd(watching, working.runId(), WAIT);
        assertEquals(
            "vibecode_completed", frames.get(frames.size() - 1).get("type").asText(), "A's run");
      }
      fake.script(CODER).text("Answered through B.");
      assertEquals(
          "processing",
          Runs.start(b.api(), elsewhere, "Now").status(),
          "the run's end gave the caller's slot back on every instance");
    }
  }

  private static void awaitNotReady(RunningApp app) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (app.api().get("/health/ready").status() == 200) {
      assertTrue(System.nanoTime() < deadline, "not ready once asked to stop");
      // The poll's pace, not a wait for something to happen: the loop ends on what it sees.
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
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

  private static Map<String, String> oneRunEach(FakeOpenAi fake) {
    Map<String, String> settings = settings(fake);
    settings.put("VIBEGRAPHER_RUNS_MAX_PER_CALLER", "1");
    return settings;
  }

  private static WsClient watching(RunningApp app, String project) {
    WsClient client = WsClient.connect(app);
    client.subscribe(project);
    client.nextOfType("subscribed");
    return client;
  }
}
