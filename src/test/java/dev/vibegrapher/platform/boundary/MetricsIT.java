package dev.vibegrapher.platform.boundary;

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
import dev.vibegrapher.client.ProjectsApi;
import dev.vibegrapher.client.Vibegrapher;
import dev.vibegrapher.client.review.CommitRequest;
import dev.vibegrapher.client.review.ReviewRequest;
import dev.vibegrapher.client.session.SendMessageRequest;
import dev.vibegrapher.support.AcrossDatabases;
import dev.vibegrapher.support.Api;
import dev.vibegrapher.support.FakeOpenAi;
import dev.vibegrapher.support.Flavor;
import dev.vibegrapher.support.Prometheus;
import dev.vibegrapher.support.RunningApp;
import dev.vibegrapher.support.Runs;
import dev.vibegrapher.support.SharedApps;
import dev.vibegrapher.support.SharedFake;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What an operator scrapes from /metrics moves by exactly what happened: a run ending in a diff, a
 * run whose first LLM call got a 500 and was retried, a commit and a revert, a WebSocket client and
 * some REST requests. The app is shared with other tests, so every figure is a difference between a
 * scrape before and one after.
 */
class MetricsIT {

  private static final Duration RUN = Duration.ofSeconds(30);
  private static final String GATEWAY = "dev.vibegrapher.agent.control.LlmGateway.respond";
  private static final Map<String, String> CODER =
      Map.of("agent", "vibecoder", "model", SharedFake.CODER_MODEL);
  private static final Map<String, String> EVALUATOR =
      Map.of("agent", "evaluator", "model", SharedFake.EVALUATOR_MODEL);

  private final FakeOpenAi fake = SharedFake.fake();

  /**
   * Every tag value is a series kept for the server's life: a client that makes up HTTP methods or
   * asks about ids that name nothing must not be able to grow them.
   */
  @AcrossDatabases
  void madeUpMethodsAndRandomIdsAddNoSeries(Flavor flavor) {
    Api api = SharedApps.api(flavor);
    ProjectsApi projects = api.client().projects();
    assertEquals(404, deleteUnknown(projects));
    api.send("OTHERWISE", "/api/projects", "application/json", null);
    int series =
        Prometheus.scrape(api).matching("http_server_requests_seconds_count", Map.of()).size();
    double deletesBefore =
        Prometheus.scrape(api)
            .value(
                "http_server_requests_seconds_count",
                Map.of("method", "DELETE", "path", "/api/projects/{id}", "status", "4xx"));

    for (int i = 0; i < 2000; i++) {
      assertEquals(404, deleteUnknown(projects));
    }
    // Raw: a made-up method is no call of the API's contract.
    for (int i = 0; i < 40; i++) {
      Api.Reply refused = api.send("BREW" + i, "/api/projects", "application/json", null);
      assertTrue(
          refused.status() >= 400 && refused.status() < 500,
          refused.status() + " " + refused.body());
    }

    Prometheus after = Prometheus.scrape(api);
    assertEquals(
        deletesBefore + 2000,
        after.value(
            "http_server_requests_seconds_count",
            Map.of("method", "DELETE", "path", "/api/projects/{id}", "status", "4xx")),
        "counted, all under the one route");
    assertEquals(
        series,
        after.matching("http_server_requests_seconds_count", Map.of()).size(),
        "no new series");
    assertTrue(
        after.matching("http_server_requests_seconds_count", Map.of("method", "OTHER")).size() >= 1,
        "made-up methods count as OTHER");
    assertTrue(
        after.samples().stream()
            .noneMatch(
                sample -> sample.labels().values().stream().anyMatch(v -> v.startsWith("BREW"))));
  }

  @AcrossDatabases
  void theCountersMoveByWhatHappened(Flavor flavor) {
    fake.reset();
    RunningApp app = SharedApps.of(flavor);
    Api api = app.api();
    Vibegrapher client = api.client();
    Prometheus before = Prometheus.scrape(api);
    double socketsBefore = before.value("realtime_connections", Map.of("kind", "websocket"));
    int framesSeen;
    String project;
    try (Runs.Room room = Runs.Room.open(app, "x = 1\n")) {
      project = room.projectId();
      assertEquals(
          socketsBefore + 1,
          Prometheus.scrape(api).value("realtime_connections", Map.of("kind", "websocket")),
          "the room's socket is open");

      fake.script(SharedFake.CODER_MODEL)
          .usage(new FakeOpenAi.Usage(300, 120, 40, 10))
          .functionCall("submit_patch", submitPatch("@@ -1 +1 @@\n-x = 1\n+x = 2\n", "x two"));
      fake.script(SharedFake.EVALUATOR_MODEL)
          .usage(new FakeOpenAi.Usage(50, 0, 7, 0))
          .structured(verdict(true, "Fine", "Make x two"));
      List<JsonNode> diffRun = framesUntilEnd(room.ws(), send(client, room, "x two"), RUN);
      String diff = ofType(diffRun, "diff_created").get(0).get("diff").get("id").asText();

      fake.script(SharedFake.CODER_MODEL)
          .error(500, "server_error", "The server had an error")
          .usage(new FakeOpenAi.Usage(11, 0, 5, 0))
          .text("x is two.");
      List<JsonNode> textRun = framesUntilEnd(room.ws(), send(client, room, "What is x?"), RUN);
      assertEquals("text", ofType(textRun, "vibecode_completed").get(0).get("outcome").asText());

      DiffsApi diffs = client.diffs();
      assertEquals(
          "human_approved", diffs.review(diff, new ReviewRequest(true, null)).diff().status());
      assertEquals("committed", diffs.commit(diff, new CommitRequest(null)).status());
      assertEquals("reverted", diffs.revert(diff).status());
      for (int n = 0; n < 3; n++) {
        assertEquals(project, client.projects().get(project).id());
      }
      assertEquals("x = 1\n", client.projects().file(project, "main.py").content());
      assertEquals(
          404,
          assertThrows(ProblemException.class, () -> client.projects().get("no-such-project"))
              .status());
      framesSeen = diffRun.size() + textRun.size();
    }
    Prometheus after = Prometheus.scrape(api);
    Delta delta = new Delta(before, after);

    assertEquals(1, delta.of("vibecode_runs_total", Map.of("outcome", "diff")));
    assertEquals(1, delta.of("vibecode_runs_total", Map.of("outcome", "text")));
    assertEquals(0, delta.of("vibecode_runs_total", Map.of("outcome", "error")));

    assertEquals(2, delta.of("llm_call_duration_seconds_count", CODER), "two answered coder calls");
    assertEquals(1, delta.of("llm_call_duration_seconds_count", EVALUATOR));
    assertEquals(300 + 11, delta.of("llm_tokens_total", with(CODER, "type", "input")));
    assertEquals(120, delta.of("llm_tokens_total", with(CODER, "type", "cached")));
    assertEquals(40 + 5, delta.of("llm_tokens_total", with(CODER, "type", "output")));
    assertEquals(50, delta.of("llm_tokens_total", with(EVALUATOR, "type", "input")));
    assertEquals(7, delta.of("llm_tokens_total", with(EVALUATOR, "type", "output")));
    assertEquals(1, delta.of("llm_errors_total", with(CODER, "status", "500")));
    assertEquals(1, delta.of("llm_errors_total", Map.of()), "no other failed attempt");

    // Retries and the circuit come from MicroProfile Fault Tolerance's own metrics.
    assertEquals(1, delta.of("ft_retry_retries_total", Map.of("method", GATEWAY)));
    assertEquals(
        3, delta.of("ft_invocations_total", Map.of("method", GATEWAY, "result", "valueReturned")));
    assertEquals(
        1,
        delta.of(
            "ft_circuitbreaker_calls_total",
            Map.of("method", GATEWAY, "circuitBreakerResult", "failure")));
    assertEquals(
        0,
        delta.of("ft_circuitbreaker_opened_total", Map.of("method", GATEWAY)),
        "the circuit did not open");
    assertEquals(
        0,
        delta.of("ft_circuitbreaker_state_total", Map.of("method", GATEWAY, "state", "open")),
        "the circuit stayed closed");

    assertEquals(1, delta.of("review_commits_total", Map.of()));
    assertEquals(1, delta.of("review_reverts_total", Map.of()));
    assertTrue(
        delta.of("realtime_events_published_total", Map.of()) >= framesSeen,
        "every frame the room saw was published");

    assertEquals(
        3,
        delta.of(
            "http_server_requests_seconds_count",
            Map.of("method", "GET", "path", "/api/projects/{id}", "status", "2xx")));
    assertEquals(
        1,
        delta.of(
            "http_server_requests_seconds_count",
            Map.of("method", "GET", "path", "/api/projects/{id}", "status", "4xx")));
    assertEquals(
        1,
        delta.of(
            "http_server_requests_seconds_count",
            Map.of("method", "GET", "path", "/api/projects/{id}/files/{path}", "status", "2xx")));
    assertEquals(
        2,
        delta.of(
            "http_server_requests_seconds_count",
            Map.of("method", "POST", "path", "/api/sessions/{id}/messages", "status", "2xx")));
    assertEquals(
        1,
        delta.of(
            "http_server_requests_seconds_count",
            Map.of("method", "POST", "path", "/api/diffs/{id}/commit", "status", "2xx")));
    String ids = project;
    assertFalse(
        after.samples().stream()
            .anyMatch(s -> s.labels().values().stream().anyMatch(v -> v.contains(ids))),
        "no series is named after a project: paths are route templates");

    double socketsAfter =
        awaitValue(api, "realtime_connections", Map.of("kind", "websocket"), socketsBefore);
    assertEquals(socketsBefore, socketsAfter, "the room's socket was closed");
  }

  private static int deleteUnknown(ProjectsApi projects) {
    return assertThrows(
            ProblemException.class, () -> projects.delete(java.util.UUID.randomUUID().toString()))
        .status();
  }

  private static String send(Vibegrapher client, Runs.Room room, String prompt) {
    return client.sessions().send(room.sessionId(), new SendMessageRequest(prompt)).runId();
  }

  /**
   * How far a series moved. The after-scrape must hold it (a misspelled name fails); the one before
   * may not yet, for a series registered at its first event (docs/operations.md), which was then 0.
   */
  private record Delta(Prometheus before, Prometheus after) {
    double of(String name, Map<String, String> labels) {
      return after.value(name, labels) - before.find(name, labels).orElse(0);
    }
  }

  private static Map<String, String> with(Map<String, String> labels, String key, String value) {
    Map<String, String> more = new java.util.HashMap<>(labels);
    more.put(key, value);
    return more;
  }

  // A socket's close reaches the server a moment after the client's; read until it has (or give the
  // last value).
  private static double awaitValue(
      Api api, String name, Map<String, String> labels, double expected) {
    double value = Double.NaN;
    for (int attempt = 0; attempt < 50 && value != expected; attempt++) {
      value = Prometheus.scrape(api).value(name, labels);
      if (value != expected) {
        sleep(100);
      }
    }
    return value;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
