package dev.vibegrapher.agent;

import static dev.vibegrapher.support.Runs.framesUntilEnd;
import static dev.vibegrapher.support.Runs.ofType;
import static dev.vibegrapher.support.Runs.submitPatch;
import static dev.vibegrapher.support.Runs.verdict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibegrapher.client.DiffsApi;
import dev.vibegrapher.client.ProblemException;
import dev.vibegrapher.client.agent.AgentsOverview;
import dev.vibegrapher.client.review.DiffView;
import dev.vibegrapher.client.review.RefineRequest;
import dev.vibegrapher.client.review.RefinedMessage;
import dev.vibegrapher.support.AcrossDatabases;
import dev.vibegrapher.support.Api;
import dev.vibegrapher.support.FakeOpenAi;
import dev.vibegrapher.support.FakeOpenAi.RecordedRequest;
import dev.vibegrapher.support.Flavor;
import dev.vibegrapher.support.Prometheus;
import dev.vibegrapher.support.RunningApp;
import dev.vibegrapher.support.Runs;
import dev.vibegrapher.support.WsClient;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fault tolerance of the LLM gateway (docs/agents.md, "The LLM door"), on both databases, since a
 * failed run is recorded like any other. Retries and the circuit breaker are proven on separate
 * apps: the retry tests' failures would otherwise fill the breaker's window and open it for the
 * next test. So the retry app runs with the breaker switched off (MicroProfile Fault Tolerance's
 * {@code CircuitBreaker/enabled=false}) and the documented backoff defaults; the circuit is proven
 * on an app of its own whose breaker has seen no call before, at the documented thresholds.
 */
class LlmFaultToleranceIT {

  private static final String CODER = "ft-coder";
  private static final String EVALUATOR = "ft-evaluator";
  private static final String GATEWAY = "DEV_VIBEGRAPHER_AGENT_CONTROL_LLMGATEWAY_RESPOND_";
  private static final String GATEWAY_METHOD = "dev.vibegrapher.agent.control.LlmGateway.respond";
  private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration CIRCUIT_DELAY = Duration.ofSeconds(5);

  private static final Map<Flavor, RunningApp> RETRYING = new EnumMap<>(Flavor.class);
  private static FakeOpenAi fake;

  @BeforeAll
  static void startFake() {
    fake = FakeOpenAi.start();
  }

  @AfterAll
  static void stop() {
    RETRYING.values().forEach(RunningApp::close);
    RETRYING.clear();
    fake.close();
  }

  private static Map<String, String> llm() {
    return Map.of(
        "OPENAI_API_KEY",
        "test-key-not-a-secret",
        "OPENAI_BASE_URL",
        fake.baseUrl(),
        "VIBEGRAPHER_CODER_MODEL",
        CODER,
        "VIBEGRAPHER_EVALUATOR_MODEL",
        EVALUATOR);
  }

  /**
   * Backoff at its defaults (500 ms doubling, at most 8000 ms); a 1 s request timeout; no circuit
   * breaker.
   */
  private static synchronized RunningApp retrying(Flavor flavor) {
    return RETRYING.computeIfAbsent(
        flavor,
        f -> {
          Map<String, String> settings = new java.util.HashMap<>(llm());
          settings.put("VIBEGRAPHER_LLM_REQUEST_TIMEOUT_SECONDS", "1");
          settings.put(GATEWAY + "TIMEOUT_VALUE", "3000");
          settings.put(GATEWAY + "CIRCUITBREAKER_ENABLED", "false");
          return RunningApp.prepare(
                  "fault-tolerance-retries-" + f.name().toLowerCase(), f, settings)
              .start();
        });
  }

  /**
   * The breaker at its documented thresholds (3 failures in the last 4 calls), half-open after 5 s
   * instead of 30.
   */
  private static RunningApp circuitApp(Flavor flavor) {
    Map<String, String> settings = new java.util.HashMap<>(llm());
    settings.put("VIBEGRAPHER_LLM_BACKOFF_INITIAL_MS", "50");
    settings.put("VIBEGRAPHER_LLM_BACKOFF_MAX_MS", "200");
    settings.put(GATEWAY + "CIRCUITBREAKER_DELAY", String.valueOf(CIRCUIT_DELAY.toMillis()));
    return RunningApp.prepare(
            "fault-tolerance-circuit-" + flavor.name().toLowerCase(), flavor, settings)
        .start();
  }

  private static List<JsonNode> run(Runs.Room room, String prompt) {
    return framesUntilEnd(
        room.ws(), Runs.start(room.api(), room.sessionId(), prompt).runId(), RUN_TIMEOUT);
  }

  private static String errorDetail(List<JsonNode> frames) {
    List<JsonNode> errors = ofType(frames, "vibecode_error");
    assertEquals(1, errors.size(), "the run failed: " + frames);
    return errors.get(0).get("detail").asText();
  }

  private static String outcome(List<JsonNode> frames) {
    List<JsonNode> completed = ofType(frames, "vibecode_completed");
    assertEquals(1, completed.size(), "the run completed: " + frames);
    return completed.get(0).get("outcome").asText();
  }

  @AcrossDatabases
  void rateLimitsAreRetriedUntilTheCallSucceeds(Flavor flavor) {
    fake.reset();
    fake.script(CODER)
        .error(429, "rate_limit_exceeded", "Slow down")
        .error(429, "rate_limit_exceeded", "Slow down")
        .text("Here you are.");
    try (Runs.Room room = Runs.Room.open(retrying(flavor), "x = 1\n")) {
      assertEquals("text", outcome(run(room, "Explain x")));
    }
    assertEquals(3, fake.requestsFor(CODER).size(), "two refusals and the success");
  }

  @AcrossDatabases
  void aBadRequestIsNotRetried(Flavor flavor) {
    fake.reset();
    fake.script(CODER).error(400, "invalid_request_error", "Unsupported parameter: reasoning");
    try (Runs.Room room = Runs.Room.open(retrying(flavor), "x = 1\n")) {
      assertEquals(
          "The LLM service refused the request as invalid (400 invalid_request_error).",
          errorDetail(run(room, "Explain x")),
          "our words and the provider's status and type, not the provider's text");
    }
    assertEquals(1, fake.requestsFor(CODER).size());
  }

  @AcrossDatabases
  void aCallThatTakesTooLongTimesOutAndTheRunFailsCleanly(Flavor flavor) {
    fake.reset();
    fake.script(CODER).always(reply -> reply.delay(Duration.ofSeconds(5)).text("Too late."));
    try (Runs.Room room = Runs.Room.open(retrying(flavor), "x = 1\n")) {
      String detail = errorDetail(run(room, "Explain x"));
      assertEquals("The LLM did not answer in time (request timeout 1 s).", detail);
    }
    assertEquals(
        4, fake.requestsFor(CODER).size(), "timeouts are retried: one call and three retries");
  }

  /**
   * docs/agents.md: without a wait asked for by the provider, the wait before retry n is
   * VIBEGRAPHER_LLM_BACKOFF_INITIAL_MS (500) doubled per retry, then a random 50-100 % of that. So
   * the waits are at least 250, 500 and 1000 ms. A wait is measured between the arrivals of two
   * attempts at the fake, which can only be longer than the wait itself: a slow machine cannot fail
   * this, while a missing backoff, or one that does not double, does.
   */
  @AcrossDatabases
  void theWaitsBeforeTheRetriesFollowTheDocumentedBackoff(Flavor flavor) {
    fake.reset();
    fake.script(CODER).alwaysError(500, "server_error", "The server had an error");
    try (Runs.Room room = Runs.Room.open(retrying(flavor), "x = 1\n")) {
      assertTrue(errorDetail(run(room, "Explain x")).contains("500"));
    }
    List<RecordedRequest> attempts = fake.requestsFor(CODER);
    assertEquals(4, attempts.size(), "one call and three retries");
    long[] leastWaits = {250, 500, 1000};
    for (int retry = 1; retry <= 3; retry++) {
      long waited =
          Duration.between(attempts.get(retry - 1).receivedAt(), attempts.get(retry).receivedAt())
              .toMillis();
      assertTrue(
          waited >= leastWaits[retry - 1],
          "retry "
              + retry
              + " came "
              + waited
              + " ms after the attempt before it; the backoff allows no less than "
              + leastWaits[retry - 1]
              + " ms");
    }
  }

  /** docs/api.md: refine-message answers 502 if the LLM fails, and the diff keeps its message. */
  @AcrossDatabases
  void aRefinementTheLlmCannotAnswerIs502AndTheDiffKeepsItsMessage(Flavor flavor) {
    fake.reset();
    fake.script(CODER)
        .functionCall("submit_patch", submitPatch("@@ -1 +1 @@\n-x = 1\n+x = 2\n", "x two"));
    fake.script(EVALUATOR).structured(verdict(true, "Fine.", "Make x two"));
    RunningApp app = retrying(flavor);
    try (Runs.Room room = Runs.Room.open(app, "x = 1\n")) {
      List<JsonNode> frames = run(room, "Make x two");
      assertEquals("diff", outcome(frames));
      String diff = ofType(frames, "diff_created").get(0).get("diff").get("id").asText();
      long tokensBefore = sessionTokens(room);
      fake.script(EVALUATOR)
          .alwaysError(500, "server_error", "The server had an error at /srv/internal/model.py");

      // Raw: the refusal's content type, and a whole body free of the provider's text.
      Api.Reply refused =
          room.api().post("/api/diffs/" + diff + "/refine-message", Map.of("hint", "say why"));

      assertEquals(502, refused.status(), refused.body());
      assertEquals("application/problem+json", refused.contentType());
      assertEquals(502, refused.json().get("status").asInt());
      assertEquals(
          "The LLM could not propose a message: The LLM service failed (500 server_error).",
          refused.json().get("detail").asText(),
          "our words, not the provider's text nor a stack trace");
      assertFalse(
          refused.body().contains("/srv/internal") || refused.body().contains("at dev.vibegrapher"),
          refused.body());
      assertEquals(
          1 + 4,
          fake.requestsFor(EVALUATOR).size(),
          "the verdict, then one call and three retries");
      DiffView stored = room.api().client().diffs().get(diff);
      assertEquals("Make x two", stored.commitMessage(), "the diff keeps its message");
      assertEquals("evaluator_approved", stored.status());
      assertEquals(tokensBefore, sessionTokens(room), "a failed refinement costs no tokens");
    }
  }

  /**
   * An answer the evaluator gave but that is no commit message was still billed: its tokens count,
   * or a reviewer could spend without end by asking for what it refuses. One refinement per person
   * at a time: the budget is checked before the call and counted after it.
   */
  @AcrossDatabases
  void aRefinementThatIsNoMessageStillCountsItsTokensAndOnePersonRefinesOneAtATime(Flavor flavor)
      throws Exception {
    fake.reset();
    fake.script(CODER)
        .functionCall("submit_patch", submitPatch("@@ -1 +1 @@\n-x = 1\n+x = 2\n", "x two"));
    fake.script(EVALUATOR).structured(verdict(true, "Fine.", "Make x two"));
    RunningApp app = retrying(flavor);
    try (Runs.Room room = Runs.Room.open(app, "x = 1\n")) {
      String diff =
          ofType(run(room, "Make x two"), "diff_created").get(0).get("diff").get("id").asText();
      long tokensBefore = sessionTokens(room);

      fake.script(EVALUATOR).usage(700, 45).structured("{\"commit_message\": \"\"}");
      DiffsApi diffs = room.api().client().diffs();
      ProblemException empty =
          assertThrows(
              ProblemException.class,
              () -> diffs.refineMessage(diff, new RefineRequest("leave it empty")));
      assertEquals(502, empty.status(), empty.json().toString());
      assertEquals(
          "The LLM could not propose a message: The evaluator proposed no commit message.",
          empty.detail());
      assertEquals(
          tokensBefore + 745, sessionTokens(room), "the refused answer's tokens are counted");

      FakeOpenAi.Hold hold = new FakeOpenAi.Hold();
      fake.script(EVALUATOR)
          .holdUntil(hold)
          .structured("{\"commit_message\": \"Make x two, as asked\"}");
      CompletableFuture<RefinedMessage> first =
          CompletableFuture.supplyAsync(() -> diffs.refineMessage(diff, new RefineRequest(null)));
      hold.awaitHeld(1, Duration.ofSeconds(30));
      ProblemException second =
          assertThrows(
              ProblemException.class, () -> diffs.refineMessage(diff, new RefineRequest(null)));
      assertEquals(429, second.status(), second.json().toString());
      assertEquals("refine-in-progress", second.kind());
      hold.release();
      assertEquals(
          "Make x two, as asked",
          first.get(30, java.util.concurrent.TimeUnit.SECONDS).commitMessage());
      assertEquals("Make x two, as asked", diffs.get(diff).commitMessage());
    }
  }

  /**
   * docs/agents.md: the circuit opens when 3 of the last 4 calls failed, refuses at once while open
   * ("circuit open", nothing sent), and is half-open after the delay, when one successful call
   * closes it. Every call here goes through a breaker that has seen no other call.
   */
  @AcrossDatabases
  void theCircuitOpensOnTheThirdFailureInFourCallsAndTheFirstSuccessAfterTheDelayClosesIt(
      Flavor flavor) {
    fake.reset();
    try (RunningApp app = circuitApp(flavor);
        Runs.Room room = Runs.Room.open(app, "x = 1\n")) {
      Api api = app.api();
      // Calls 1-3: two failures, then a success: three calls, too few for the window of four.
      fake.script(CODER)
          .error(500, "server_error", "The server had an error")
          .error(500, "server_error", "The server had an error")
          .text("One.");
      assertEquals("text", outcome(run(room, "First")));
      assertEquals(0, opened(api), "three calls in the window: the circuit cannot open yet");
      // Call 4: a success; the last four are F F S S, two failures.
      fake.script(CODER).text("Two.");
      assertEquals("text", outcome(run(room, "Second")));
      assertEquals(0, opened(api), "two failures in the last four calls: still closed");
      assertEquals(4, fake.requestsFor(CODER).size());

      // Calls 5-7 fail: F S S F, S S F F (still two), then S F F F: three of the last four.
      fake.script(CODER).alwaysError(500, "server_error", "The server had an error");
      String detail = errorDetail(run(room, "Third"));
      assertEquals(
          7,
          fake.requestsFor(CODER).size(),
          "exactly the third failure in four calls opened it: the next retry was not sent");
      assertTrue(detail.contains("circuit open"), detail);
      assertEquals(1, opened(api));

      String again = errorDetail(run(room, "Fourth"));
      assertTrue(again.contains("circuit open"), again);
      assertEquals(
          7,
          fake.requestsFor(CODER).size(),
          "an open circuit fails a run at once, without calling the LLM");

      awaitHalfOpen(api);
      fake.reset();
      fake.script(CODER)
          .text("Back.")
          .error(500, "server_error", "The server had an error")
          .text("And again.");
      assertEquals("text", outcome(run(room, "Fifth")));
      assertEquals(
          1, fake.requestsFor(CODER).size(), "the trial call after the delay went through");
      // Closed, not half-open: a failure now is retried instead of opening the circuit again.
      assertEquals("text", outcome(run(room, "Sixth")));
      assertEquals(3, fake.requestsFor(CODER).size(), "a failure and its successful retry");
      assertEquals(1, opened(api), "the circuit opened once in all");
    }
  }

  private static long sessionTokens(Runs.Room room) {
    return room.api().client().sessions().get(room.sessionId()).usageTotals().totalTokens();
  }

  private static double opened(Api api) {
    return Prometheus.scrape(api)
        .value("ft_circuitbreaker_opened_total", Map.of("method", GATEWAY_METHOD));
  }

  /**
   * The breaker turns half-open by itself once its delay has passed; Fault Tolerance's state gauge
   * (seconds spent half-open, docs/operations.md) is above 0 from then on.
   */
  private static void awaitHalfOpen(Api api) {
    long deadline = System.nanoTime() + CIRCUIT_DELAY.multipliedBy(6).toNanos();
    while (Prometheus.scrape(api)
            .value(
                "ft_circuitbreaker_state_total",
                Map.of("method", GATEWAY_METHOD, "state", "halfOpen"))
        == 0) {
      assertTrue(
          System.nanoTime() < deadline,
          "the circuit was not half-open within " + CIRCUIT_DELAY.multipliedBy(6));
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * H2 only: what this shows is decided before any LLM call and does not touch the database in a
   * way the tests above do not already show on both (a run failed and recorded).
   */
  @Test
  void withoutAnApiKeyTheAppServesEverythingElseAndRunsFailAtOnce() {
    try (RunningApp keyless =
        RunningApp.prepare("no-api-key", Flavor.H2, Map.of("VIBEGRAPHER_MAX_ITERATIONS", "5"))
            .start()) {
      Api api = keyless.api();
      // Raw: the health check is the platform's, not the API's.
      assertEquals(200, api.get("/health/ready").status());
      AgentsOverview agents = api.client().agents().overview();
      assertFalse(agents.llmConfigured(), "a dashboard can warn before the first prompt");
      assertEquals("gpt-5-mini", agents.coderModel());
      assertEquals("gpt-5-nano", agents.evaluatorModel());
      assertEquals(5, agents.maxIterations(), "what VIBEGRAPHER_MAX_ITERATIONS says");
      String project = Runs.newProject(api, "x = 1\n");
      String session = Runs.openSession(api, project);
      try (WsClient ws = WsClient.connect(keyless)) {
        ws.subscribe(project);
        ws.nextOfType("subscribed");
        List<JsonNode> frames =
            framesUntilEnd(
                ws, Runs.start(api, session, "Explain x").runId(), Duration.ofSeconds(10));
        String detail = ofType(frames, "vibecode_error").get(0).get("detail").asText();
        assertTrue(detail.contains("OPENAI_API_KEY"), detail);
      }
    }
  }
}
