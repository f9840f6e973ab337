package dev.vibegrapher.session;

import static dev.vibegrapher.support.Runs.framesUntilEnd;
import static dev.vibegrapher.support.Runs.ofType;
import static dev.vibegrapher.support.Runs.submitPatch;
import static dev.vibegrapher.support.Runs.verdict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibegrapher.client.ProjectsApi;
import dev.vibegrapher.client.agent.UsageTotals;
import dev.vibegrapher.client.project.ProjectPage;
import dev.vibegrapher.client.project.ProjectSummary;
import dev.vibegrapher.client.session.CreateSessionRequest;
import dev.vibegrapher.support.AcrossDatabases;
import dev.vibegrapher.support.Api;
import dev.vibegrapher.support.FakeOpenAi;
import dev.vibegrapher.support.Flavor;
import dev.vibegrapher.support.RunningApp;
import dev.vibegrapher.support.Runs;
import dev.vibegrapher.support.WsClient;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Token usage priced from the configured table, running totals, and budgets that stop runs, on both
 * databases: the totals and budgets are sums the database computes.
 */
class CostsAndBudgetsIT {

  private static final String CODER = "priced-coder";
  private static final String EVALUATOR = "priced-evaluator";
  private static final String PATCH = "@@ -1 +1 @@\n-x = 1\n+x = 2\n";

  private static final Map<Flavor, RunningApp> APPS = new EnumMap<>(Flavor.class);
  private static FakeOpenAi fake;

  @BeforeAll
  static void startFake() {
    fake = FakeOpenAi.start();
  }

  /**
   * Each test works in projects of its own, so the budgets one test uses up never reach another's.
   */
  private static synchronized RunningApp app(Flavor flavor) {
    return APPS.computeIfAbsent(
        flavor,
        f ->
            RunningApp.prepare(
                    "budgets-" + f.name().toLowerCase(),
                    f,
                    Map.of(
                        "OPENAI_API_KEY",
                        "test-key-not-a-secret",
                        "OPENAI_BASE_URL",
                        fake.baseUrl(),
                        "VIBEGRAPHER_CODER_MODEL",
                        CODER,
                        "VIBEGRAPHER_EVALUATOR_MODEL",
                        EVALUATOR,
                        "VIBEGRAPHER_PRICES",
                        CODER + "=1.00/0.50/4.00," + EVALUATOR + "=0.10/0.05/0.40",
                        "VIBEGRAPHER_SESSION_TOKEN_BUDGET",
                        "3000",
                        "VIBEGRAPHER_PROJECT_DAILY_TOKEN_BUDGET",
                        "5000"))
                .start());
  }

  @AfterAll
  static void stop() {
    APPS.values().forEach(RunningApp::close);
    APPS.clear();
    fake.close();
  }

  @AcrossDatabases
  void everyCallIsPricedAndTotalled(Flavor flavor) {
    RunningApp app = app(flavor);
    fake.reset();
    fake.script(CODER)
        .usage(new FakeOpenAi.Usage(1000, 100, 200, 0))
        .functionCall("submit_patch", submitPatch(PATCH, "two"));
    fake.script(EVALUATOR)
        .usage(new FakeOpenAi.Usage(500, 0, 50, 0))
        .structured(verdict(true, "Fine.", "Set x to 2"));
    Api api = app.api();
    String project = Runs.newProject(api, "x = 1\n");
    String session = Runs.openSession(api, project);
    try (WsClient ws = WsClient.connect(app)) {
      ws.subscribe(project);
      ws.nextOfType("subscribed");
      List<JsonNode> frames =
          framesUntilEnd(
              ws, Runs.start(api, session, "Make x two").runId(), Duration.ofSeconds(30));
      List<JsonNode> usage = ofType(frames, "token_usage");
      // (900 uncached x 1.00 + 100 cached x 0.50 + 200 out x 4.00) per million tokens
      assertSameAmount("0.00175", usage.get(0).get("cost_usd"));
      // (500 x 0.10 + 50 x 0.40) per million tokens
      assertSameAmount("0.00007", usage.get(1).get("cost_usd"));
      assertSameAmount(
          "0.00175",
          ofType(frames, "conversation_message").get(1).get("token_usage").get("cost_usd"));
      assertEquals(
          1200,
          usage.get(0).get("session_total_tokens").asLong(),
          "the session's total once the call was recorded");
      assertEquals(1750, usage.get(1).get("session_total_tokens").asLong());
    }
    UsageTotals sessionTotals = api.client().sessions().get(session).usageTotals();
    assertEquals(1500, sessionTotals.promptTokens());
    assertEquals(250, sessionTotals.completionTokens());
    assertEquals(1750, sessionTotals.totalTokens());
    assertSameAmount("0.00182", sessionTotals.costUsd());
    UsageTotals projectTotals = api.client().projects().get(project).usageTotals();
    assertEquals(1750, projectTotals.totalTokens());
    assertSameAmount("0.00182", projectTotals.costUsd());
    UsageTotals listed = listed(api.client().projects(), project).usageTotals();
    assertEquals(
        projectTotals.promptTokens(), listed.promptTokens(), "the list carries the same totals");
    assertEquals(projectTotals.completionTokens(), listed.completionTokens());
    assertEquals(projectTotals.totalTokens(), listed.totalTokens());
    assertSameAmount(projectTotals.costUsd().toPlainString(), listed.costUsd());
  }

  /** The project as the list shows it, read page by page as a client would. */
  private static ProjectSummary listed(ProjectsApi projects, String id) {
    ProjectPage page = projects.list(200, null);
    while (true) {
      for (ProjectSummary project : page.projects()) {
        if (project.id().equals(id)) {
          return project;
        }
      }
      if (page.nextCursor() == null) {
        throw new AssertionError("project " + id + " is not listed");
      }
      page = projects.list(200, page.nextCursor());
    }
  }

  private static void assertSameAmount(String expected, JsonNode actual) {
    assertEquals(
        0,
        new BigDecimal(expected).compareTo(actual.decimalValue()),
        "expected " + expected + " but was " + actual);
  }

  /** Amounts compared as numbers: the database may give them another scale. */
  private static void assertSameAmount(String expected, BigDecimal actual) {
    assertEquals(
        0,
        new BigDecimal(expected).compareTo(actual),
        "expected " + expected + " but was " + actual);
  }

  @AcrossDatabases
  void aRunThatCrossesTheBudgetStopsAfterThatCallAndTheNextIsRefused(Flavor flavor) {
    RunningApp app = app(flavor);
    fake.reset();
    fake.script(CODER)
        .usage(new FakeOpenAi.Usage(2000, 0, 200, 0))
        .functionCall("submit_patch", submitPatch(PATCH, "two"))
        .functionCall("submit_patch", submitPatch(PATCH, "never asked for"));
    fake.script(EVALUATOR)
        .usage(new FakeOpenAi.Usage(900, 0, 100, 0))
        .structured(verdict(false, "Not yet.", "x"));
    Api api = app.api();
    String project = Runs.newProject(api, "x = 1\n");
    String session = Runs.openSession(api, project);
    try (WsClient ws = WsClient.connect(app)) {
      ws.subscribe(project);
      ws.nextOfType("subscribed");
      List<JsonNode> frames =
          framesUntilEnd(
              ws, Runs.start(api, session, "Make x two").runId(), Duration.ofSeconds(30));
      String detail = ofType(frames, "vibecode_error").get(0).get("detail").asText();
      assertTrue(
          detail.contains("VIBEGRAPHER_SESSION_TOKEN_BUDGET") && detail.contains("3200"), detail);
      assertEquals(1, fake.requestsFor(CODER).size(), "no LLM call after the budget was crossed");
      assertEquals(1, fake.requestsFor(EVALUATOR).size());
    }
    // Raw: the refusal's content type.
    Api.Reply refused =
        api.post("/api/sessions/" + session + "/messages", Map.of("prompt", "Try again"));
    assertEquals(429, refused.status());
    assertEquals("application/problem+json", refused.contentType());
    assertEquals("VIBEGRAPHER_SESSION_TOKEN_BUDGET", refused.json().get("budget").asText());
    assertEquals(3000, refused.json().get("limit_tokens").asLong());
    assertEquals(3200, refused.json().get("used_tokens").asLong());
    assertEquals(1, fake.requestsFor(CODER).size());
  }

  /**
   * docs/api.md and docs/configuration.md: VIBEGRAPHER_PROJECT_DAILY_TOKEN_BUDGET caps the tokens a
   * project uses per UTC day, across its sessions: two sessions each under the session budget
   * together cross the project's, the run that crossed it stops after that call, and the project
   * then refuses a message even in a session that has used nothing, while another project does not.
   */
  @AcrossDatabases
  void theProjectsDailyBudgetCountsEverySessionOfTheProject(Flavor flavor) {
    RunningApp app = app(flavor);
    fake.reset();
    fake.script(CODER)
        .usage(new FakeOpenAi.Usage(2500, 0, 300, 0))
        .text("First session's answer.")
        .usage(new FakeOpenAi.Usage(2000, 0, 400, 0))
        .text("Second session's answer.")
        .text("Another project's answer.");
    Api api = app.api();
    String project = Runs.newProject(api, "x = 1\n");
    String first = Runs.openSession(api, project);
    String second = nodeSession(api, project, "second");
    try (WsClient ws = WsClient.connect(app)) {
      ws.subscribe(project);
      ws.nextOfType("subscribed");
      List<JsonNode> firstRun =
          framesUntilEnd(ws, Runs.start(api, first, "Explain x").runId(), Duration.ofSeconds(30));
      assertEquals(
          "text",
          ofType(firstRun, "vibecode_completed").get(0).get("outcome").asText(),
          "2800 tokens: under both budgets");

      List<JsonNode> secondRun =
          framesUntilEnd(ws, Runs.start(api, second, "Explain x").runId(), Duration.ofSeconds(30));
      String detail = ofType(secondRun, "vibecode_error").get(0).get("detail").asText();
      assertTrue(
          detail.contains("VIBEGRAPHER_PROJECT_DAILY_TOKEN_BUDGET") && detail.contains("5200"),
          detail);
      assertEquals(
          2400,
          api.client().sessions().get(second).usageTotals().totalTokens(),
          "the session itself is under its budget");
    }
    String third = nodeSession(api, project, "third");
    // Raw: the refusal's content type.
    Api.Reply refused =
        api.post("/api/sessions/" + third + "/messages", Map.of("prompt", "Anything"));
    assertEquals(429, refused.status(), refused.body());
    assertEquals("application/problem+json", refused.contentType());
    assertEquals("VIBEGRAPHER_PROJECT_DAILY_TOKEN_BUDGET", refused.json().get("budget").asText());
    assertEquals(5000, refused.json().get("limit_tokens").asLong());
    assertEquals(5200, refused.json().get("used_tokens").asLong());
    assertEquals(2, fake.requestsFor(CODER).size(), "nothing was sent for the refused message");

    try (Runs.Room other = Runs.Room.open(app, "x = 1\n")) {
      List<JsonNode> frames =
          framesUntilEnd(
              other.ws(),
              Runs.start(api, other.sessionId(), "Explain x").runId(),
              Duration.ofSeconds(30));
      assertEquals(
          "text",
          ofType(frames, "vibecode_completed").get(0).get("outcome").asText(),
          "the budget is the project's own");
    }
  }

  private static String nodeSession(Api api, String project, String node) {
    return api.client().sessions().open(project, new CreateSessionRequest("node", node, null)).id();
  }
}
