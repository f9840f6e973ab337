package dev.vibegrapher.session;

import static dev.vibegrapher.support.Runs.framesUntilEnd;
import static dev.vibegrapher.support.Runs.ofType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibegrapher.client.ProblemException;
import dev.vibegrapher.client.project.CreateProjectRequest;
import dev.vibegrapher.client.session.CreateSessionRequest;
import dev.vibegrapher.support.AcrossDatabases;
import dev.vibegrapher.support.Api;
import dev.vibegrapher.support.FakeOpenAi;
import dev.vibegrapher.support.Flavor;
import dev.vibegrapher.support.RunningApp;
import dev.vibegrapher.support.Runs;
import dev.vibegrapher.support.TestIssuer;
import dev.vibegrapher.support.WsClient;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * docs/api.md and docs/security.md: one caller cannot spend the operator's LLM budget alone. Each
 * person (a subject of the organisation's provider, here the test issuer) has a daily token budget
 * and a number of runs they may have working at once; the server has a daily budget for everyone;
 * and what was spent stays spent when a project is deleted. Both databases: the budgets are sums
 * the database computes over a ledger that outlives projects.
 */
class CallerBudgetsIT {

  private static final String CODER = "budget-coder";
  private static final String EVALUATOR = "budget-evaluator";
  private static final Duration RUN = Duration.ofSeconds(60);
  private static final long CALLER_BUDGET = 1000;
  private static final int RUNS_PER_CALLER = 2;

  private static final Map<Flavor, RunningApp> APPS = new EnumMap<>(Flavor.class);
  private static TestIssuer issuer;
  private static FakeOpenAi fake;

  @BeforeAll
  static void startProviderAndFake() {
    issuer = TestIssuer.start();
    fake = FakeOpenAi.start();
  }

  @AfterAll
  static void stop() {
    APPS.values().forEach(RunningApp::close);
    APPS.clear();
    fake.close();
    issuer.close();
  }

  /**
   * A server whose callers have a daily budget and a cap on runs; every test has callers of its
   * own.
   */
  private static synchronized RunningApp app(Flavor flavor) {
    return APPS.computeIfAbsent(
        flavor,
        f ->
            RunningApp.prepare(
                    "caller-budgets-" + f.name().toLowerCase(),
                    f,
                    settings(
                        Map.of(
                            "VIBEGRAPHER_CALLER_DAILY_TOKEN_BUDGET", String.valueOf(CALLER_BUDGET),
                            "VIBEGRAPHER_RUNS_MAX_PER_CALLER", String.valueOf(RUNS_PER_CALLER))))
                .start());
  }

  private static Map<String, String> settings(Map<String, String> budgets) {
    Map<String, String> settings =
        new HashMap<>(
            Map.of(
                "OPENAI_API_KEY",
                "test-key-not-a-secret",
                "OPENAI_BASE_URL",
                fake.baseUrl(),
                "VIBEGRAPHER_CODER_MODEL",
                CODER,
                "VIBEGRAPHER_EVALUATOR_MODEL",
                EVALUATOR));
    settings.putAll(issuer.appSettings());
    settings.putAll(budgets);
    return settings;
  }

  /** A new person with the editor role: they may create projects and send prompts. */
  private static Api editor(RunningApp app, String name) {
    String subject = name.toLowerCase() + "-" + UUID.randomUUID();
    return app.api()
        .withBearer(
            issuer
                .token(subject)
                .name(name)
                .email(subject + "@example.com")
                .groups("editor")
                .signed());
  }

  @AcrossDatabases
  void aCallerOverTheirDailyBudgetIsRefusedWithTheFiguresWhileAnotherCallerStillRuns(
      Flavor flavor) {
    RunningApp app = app(flavor);
    fake.reset();
    fake.script(CODER)
        .usage(new FakeOpenAi.Usage(1000, 0, 200, 0))
        .text("Ann's long answer.")
        .text("Bob's answer.");
    Api ann = editor(app, "Ann");
    Api bob = editor(app, "Bob");
    try (Runs.Room first = Runs.Room.open(app, "x = 1\n")) {
      List<JsonNode> frames =
          framesUntilEnd(first.ws(), Runs.start(ann, first.sessionId(), "Explain x").runId(), RUN);
      String detail = ofType(frames, "vibecode_error").get(0).get("detail").asText();
      assertTrue(
          detail.contains("VIBEGRAPHER_CALLER_DAILY_TOKEN_BUDGET") && detail.contains("1200"),
          "the run that crossed Ann's budget stopped after that call: " + detail);
    }
    try (Runs.Room other = Runs.Room.open(app, "x = 1\n")) {
      Instant tomorrow = nextUtcMidnight();
      // Raw: the refusal's content type.
      Api.Reply refused =
          ann.post(
              "/api/sessions/" + other.sessionId() + "/messages",
              Map.of("prompt", "Explain x again"));
      assertEquals(429, refused.status(), refused.body());
      assertEquals("application/problem+json", refused.contentType());
      assertEquals("urn:vibegrapher:problem:budget-exhausted", refused.json().get("type").asText());
      assertEquals("VIBEGRAPHER_CALLER_DAILY_TOKEN_BUDGET", refused.json().get("budget").asText());
      assertEquals(CALLER_BUDGET, refused.json().get("limit_tokens").asLong());
      assertEquals(
          1200,
          refused.json().get("used_tokens").asLong(),
          "Ann's tokens in another project count: the budget is hers");
      assertResetsAtMidnight(tomorrow, refused.json());
      assertEquals(1, fake.requestsFor(CODER).size(), "nothing was sent for the refused message");

      List<JsonNode> frames =
          framesUntilEnd(other.ws(), Runs.start(bob, other.sessionId(), "Explain x").runId(), RUN);
      assertEquals(
          "text",
          ofType(frames, "vibecode_completed").get(0).get("outcome").asText(),
          "Bob's budget is his own");
    }
  }

  @AcrossDatabases
  void deletingAndRecreatingAProjectGivesNoTokensBack(Flavor flavor) {
    RunningApp app = app(flavor);
    fake.reset();
    fake.script(CODER).usage(new FakeOpenAi.Usage(1000, 0, 200, 0)).text("A long answer.");
    Api ann = editor(app, "Ann");
    String name = "spent " + UUID.randomUUID();
    String project = newProject(ann, name);
    String session = Runs.openSession(ann, project);
    try (WsClient ws = WsClient.connect(app)) {
      ws.subscribe(project);
      ws.nextOfType("subscribed");
      framesUntilEnd(ws, Runs.start(ann, session, "Explain x").runId(), RUN);
    }
    app.api().client().projects().delete(project);

    String recreated = Runs.openSession(ann, newProject(ann, name));
    ProblemException refused =
        assertThrows(ProblemException.class, () -> Runs.start(ann, recreated, "Explain x"));
    assertEquals(
        429,
        refused.status(),
        "the project was deleted, what Ann spent in it was not: " + refused.json());
    assertEquals("VIBEGRAPHER_CALLER_DAILY_TOKEN_BUDGET", refused.string("budget").orElseThrow());
    assertEquals(1200, refused.json().getJsonNumber("used_tokens").longValue());
    assertEquals(1, fake.requestsFor(CODER).size());
  }

  @AcrossDatabases
  void aCallersRunBeyondTheCapIsRefusedWhileAnotherCallerStartsOneAndEndedRunsFreeTheirSlots(
      Flavor flavor) {
    RunningApp app = app(flavor);
    fake.reset();
    FakeOpenAi.Hold hold = new FakeOpenAi.Hold();
    fake.script(CODER)
        .holdUntil(hold)
        .text("One of Ann's answers.")
        .holdUntil(hold)
        .error(400, "invalid_request_error", "One of Ann's runs fails.");
    Api ann = editor(app, "Ann");
    Api bob = editor(app, "Bob");
    try (Runs.Room room = Runs.Room.open(app, "x = 1\n")) {
      List<String> sessions =
          List.of(
              room.sessionId(),
              nodeSession(room, "a"),
              nodeSession(room, "b"),
              nodeSession(room, "c"));
      String firstRun = Runs.start(ann, sessions.get(0), "First").runId();
      String secondRun = Runs.start(ann, sessions.get(1), "Second").runId();
      hold.awaitHeld(RUNS_PER_CALLER, RUN);

      // Raw: the refusal's content type.
      Api.Reply refused =
          ann.post("/api/sessions/" + sessions.get(2) + "/messages", Map.of("prompt", "Third"));
      assertEquals(429, refused.status(), refused.body());
      assertEquals("application/problem+json", refused.contentType());
      assertEquals("urn:vibegrapher:problem:too-many-runs", refused.json().get("type").asText());
      assertEquals(RUNS_PER_CALLER, refused.json().get("max_runs_per_caller").asInt());
      assertEquals(
          0,
          ann.client().sessions().messages(sessions.get(2)).size(),
          "the refused prompt is not stored");

      fake.script(CODER).text("Bob's answer.");
      List<JsonNode> bobs =
          framesUntilEnd(room.ws(), Runs.start(bob, sessions.get(3), "Bob's turn").runId(), RUN);
      assertEquals(
          "text",
          ofType(bobs, "vibecode_completed").get(0).get("outcome").asText(),
          "Ann's cap is not Bob's");
      assertEquals(
          RUNS_PER_CALLER + 1,
          fake.requestsFor(CODER).size(),
          "nothing was sent for Ann's refused run");

      hold.release();
      Set<String> endings = endingsOf(room.ws(), Set.of(firstRun, secondRun));
      assertEquals(
          Set.of("vibecode_completed", "vibecode_error"),
          endings,
          "one run succeeded, the other failed");
      fake.script(CODER).text("Third.").text("Fourth.");
      String third = Runs.start(ann, sessions.get(2), "Third").runId();
      String fourth = Runs.start(ann, sessions.get(0), "Fourth").runId();
      endingsOf(room.ws(), Set.of(third, fourth));
    }
  }

  /**
   * VIBEGRAPHER_GLOBAL_DAILY_TOKEN_BUDGET stops everyone once the server's tokens of the day reach
   * it, whoever spent them, and deleting the projects they were spent in changes nothing. An app of
   * its own: a used-up server budget would stop every other test's runs.
   */
  @AcrossDatabases
  void theServersDailyBudgetStopsEveryoneAndSurvivesDeletedProjects(Flavor flavor) {
    fake.reset();
    fake.script(CODER)
        .usage(new FakeOpenAi.Usage(800, 0, 200, 0))
        .text("Ann's answer.")
        .usage(new FakeOpenAi.Usage(500, 0, 100, 0))
        .text("Bob's answer.");
    try (RunningApp app =
        RunningApp.prepare(
                "global-budget-" + flavor.name().toLowerCase(),
                flavor,
                settings(Map.of("VIBEGRAPHER_GLOBAL_DAILY_TOKEN_BUDGET", "1500")))
            .start()) {
      Api ann = editor(app, "Ann");
      Api bob = editor(app, "Bob");
      Api carl = editor(app, "Carl");
      List<String> projects;
      try (Runs.Room first = Runs.Room.open(app, "x = 1\n");
          Runs.Room second = Runs.Room.open(app, "x = 1\n")) {
        List<JsonNode> anns =
            framesUntilEnd(
                first.ws(), Runs.start(ann, first.sessionId(), "Explain x").runId(), RUN);
        assertEquals(
            "text",
            ofType(anns, "vibecode_completed").get(0).get("outcome").asText(),
            "1000 tokens: under the server's budget");
        List<JsonNode> bobs =
            framesUntilEnd(
                second.ws(), Runs.start(bob, second.sessionId(), "Explain x").runId(), RUN);
        String detail = ofType(bobs, "vibecode_error").get(0).get("detail").asText();
        assertTrue(
            detail.contains("VIBEGRAPHER_GLOBAL_DAILY_TOKEN_BUDGET") && detail.contains("1600"),
            detail);
        projects = List.of(first.projectId(), second.projectId());
      }
      assertRefusedByTheServersBudget(carl, "Carl has spent nothing, but the server has");
      assertRefusedByTheServersBudget(app.api(), "the operator too");
      projects.forEach(app.api().client().projects()::delete);
      assertRefusedByTheServersBudget(carl, "the projects are deleted, their tokens still spent");
      assertEquals(2, fake.requestsFor(CODER).size(), "nothing was sent for a refused message");
    }
  }

  private static void assertRefusedByTheServersBudget(Api caller, String why) {
    String project = Runs.newProject(caller, "x = 1\n");
    String session = Runs.openSession(caller, project);
    Instant tomorrow = nextUtcMidnight();
    // Raw: the refusal's content type.
    Api.Reply refused =
        caller.post("/api/sessions/" + session + "/messages", Map.of("prompt", "Anything"));
    assertEquals(429, refused.status(), why + ": " + refused.body());
    assertEquals("application/problem+json", refused.contentType());
    assertEquals(
        "VIBEGRAPHER_GLOBAL_DAILY_TOKEN_BUDGET", refused.json().get("budget").asText(), why);
    assertEquals(1500, refused.json().get("limit_tokens").asLong());
    assertEquals(1600, refused.json().get("used_tokens").asLong(), why);
    assertResetsAtMidnight(tomorrow, refused.json());
  }

  /**
   * The next UTC midnight as it was just before the request, or (the day turned meanwhile) after
   * it.
   */
  private static void assertResetsAtMidnight(Instant before, JsonNode problem) {
    Instant resetsAt = Instant.parse(problem.get("resets_at").asText());
    assertTrue(
        resetsAt.equals(before) || resetsAt.equals(nextUtcMidnight()),
        "resets at the next UTC midnight: " + problem);
  }

  private static Instant nextUtcMidnight() {
    return LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** Reads the room until each of the runs has ended; the type of each one's last event. */
  private static Set<String> endingsOf(WsClient ws, Set<String> runIds) {
    Set<String> ended = new HashSet<>();
    Set<String> endings = new HashSet<>();
    while (!ended.containsAll(runIds)) {
      JsonNode frame = ws.nextMatching(f -> f.has("seq"), RUN);
      String type = frame.get("type").asText();
      String runId = frame.get("data").path("run_id").asText();
      if ((type.equals("vibecode_completed") || type.equals("vibecode_error"))
          && runIds.contains(runId)) {
        ended.add(runId);
        endings.add(type);
      }
    }
    return endings;
  }

  private static String newProject(Api api, String name) {
    return api.client()
        .projects()
        .create(new CreateProjectRequest(name, "main.py", "x = 1\n"))
        .id();
  }

  private static String nodeSession(Runs.Room room, String node) {
    return room.api()
        .client()
        .sessions()
        .open(room.projectId(), new CreateSessionRequest("node", node, null))
        .id();
  }
}
