package dev.vibegrapher.agent;

import static dev.vibegrapher.support.Runs.framesUntilEnd;
import static dev.vibegrapher.support.Runs.ofType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibegrapher.support.Api;
import dev.vibegrapher.support.FakeOpenAi;
import dev.vibegrapher.support.Flavor;
import dev.vibegrapher.support.RunningApp;
import dev.vibegrapher.support.Runs;
import dev.vibegrapher.support.WsClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Fault tolerance of the LLM gateway against its own app and fake, with a short timeout and circuit
 * delay set through MicroProfile Config's environment variables. The circuit's state carries from
 * one test to the next, so they run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LlmFaultToleranceIT {

  private static final String CODER = "ft-coder";
  private static final String GATEWAY = "DEV_VIBEGRAPHER_AGENT_CONTROL_LLMGATEWAY_RESPOND_";
  private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

  private static FakeOpenAi fake;
  private static RunningApp app;

  @BeforeAll
  static void start() {
    fake = FakeOpenAi.start();
    Map<String, String> settings = new HashMap<>(Map.of(
        "OPENAI_API_KEY", "test-key-not-a-secret",
        "OPENAI_BASE_URL", fake.baseUrl(),
        "VIBEGRAPHER_CODER_MODEL", CODER,
        "VIBEGRAPHER_EVALUATOR_MODEL", "ft-evaluator",
        "VIBEGRAPHER_LLM_BACKOFF_INITIAL_MS", "50",
        "VIBEGRAPHER_LLM_BACKOFF_MAX_MS", "200"));
    settings.put("VIBEGRAPHER_LLM_REQUEST_TIMEOUT_SECONDS", "1");
    settings.put(GATEWAY + "TIMEOUT_VALUE", "3000");
    settings.put(GATEWAY + "CIRCUITBREAKER_REQUESTVOLUMETHRESHOLD", "8");
    settings.put(GATEWAY + "CIRCUITBREAKER_DELAY", "60000");
    app = RunningApp.prepare("fault-tolerance", Flavor.H2, settings).start();
  }

  @AfterAll
  static void stop() {
    app.close();
    fake.close();
  }

  private static List<JsonNode> run(String prompt) {
    Api api = app.api();
    String project = Runs.newProject(api, "x = 1\n");
    String session = Runs.openSession(api, project);
    try (WsClient ws = WsClient.connect(app)) {
      ws.subscribe(project);
      ws.nextOfType("subscribed");
      return framesUntilEnd(ws, Runs.send(api, session, prompt).get("run_id").asText(), RUN_TIMEOUT);
    }
  }

  @Test
  @Order(1)
  void rateLimitsAreRetriedUntilTheCallSucceeds() {
    fake.reset();
    fake.script(CODER).error(429, "rate_limit_exceeded", "Slow down").error(429, "rate_limit_exceeded", "Slow down").text("Here you are.");
    List<JsonNode> frames = run("Explain x");
    assertEquals("text", ofType(frames, "vibecode_completed").get(0).get("outcome").asText());
    assertEquals(3, fake.requestsFor(CODER).size(), "two refusals and the success");
  }

  @Test
  @Order(2)
  void aBadRequestIsNotRetried() {
    fake.reset();
    fake.script(CODER).error(400, "invalid_request_error", "Unsupported parameter: reasoning");
    List<JsonNode> frames = run("Explain x");
    String detail = ofType(frames, "vibecode_error").get(0).get("detail").asText();
    assertEquals("The LLM service refused the request as invalid (400 invalid_request_error).", detail,
        "our words and the provider's status and type, not the provider's text");
    assertEquals(1, fake.requestsFor(CODER).size());
  }

  @Test
  @Order(3)
  void aCallThatTakesTooLongTimesOutAndTheRunFailsCleanly() {
    fake.reset();
    fake.script(CODER).always(reply -> reply.delay(Duration.ofSeconds(5)).text("Too late."));
    List<JsonNode> frames = run("Explain x");
    String detail = ofType(frames, "vibecode_error").get(0).get("detail").asText();
    assertTrue(detail.contains("did not answer in time"), detail);
    assertEquals(4, fake.requestsFor(CODER).size(), "timeouts are retried: one call and three retries");
  }

  @Test
  @Order(4)
  void aServerFailingForeverFailsTheRunAndOpensTheCircuit() {
    fake.reset();
    fake.script(CODER).alwaysError(500, "server_error", "The server had an error");
    String detail = "";
    int runs = 0;
    while (!detail.contains("circuit open") && runs < 4) {
      int before = fake.requestsFor(CODER).size();
      List<JsonNode> frames = run("Explain x");
      detail = ofType(frames, "vibecode_error").get(0).get("detail").asText();
      assertTrue(detail.contains("500") || detail.contains("circuit open"), detail);
      assertTrue(fake.requestsFor(CODER).size() - before <= 4, "at most one call and three retries per run");
      runs++;
    }
    assertTrue(detail.contains("circuit open"), "the circuit opened: " + detail);
    int before = fake.requestsFor(CODER).size();
    String again = ofType(run("Explain x again"), "vibecode_error").get(0).get("detail").asText();
    assertTrue(again.contains("circuit open"), again);
    assertEquals(before, fake.requestsFor(CODER).size(), "an open circuit fails at once, without calling the LLM");
  }

  @Test
  void withoutAnApiKeyTheAppServesEverythingElseAndRunsFailAtOnce() {
    try (RunningApp keyless = RunningApp.prepare("no-api-key", Flavor.H2, Map.of()).start()) {
      Api api = keyless.api();
      assertEquals(200, api.get("/health/ready").status());
      JsonNode agents = api.get("/api/agents").json();
      assertFalse(agents.get("llm_configured").asBoolean(), "a dashboard can warn before the first prompt");
      assertEquals("gpt-5-mini", agents.get("coder_model").asText());
      String project = Runs.newProject(api, "x = 1\n");
      String session = Runs.openSession(api, project);
      try (WsClient ws = WsClient.connect(keyless)) {
        ws.subscribe(project);
        ws.nextOfType("subscribed");
        List<JsonNode> frames = framesUntilEnd(ws, Runs.send(api, session, "Explain x").get("run_id").asText(), Duration.ofSeconds(10));
        String detail = ofType(frames, "vibecode_error").get(0).get("detail").asText();
        assertTrue(detail.contains("OPENAI_API_KEY"), detail);
      }
    }
  }
}
