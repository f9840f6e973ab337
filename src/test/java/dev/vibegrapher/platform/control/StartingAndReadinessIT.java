package dev.vibegrapher.platform.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibegrapher.client.ProblemException;
import dev.vibegrapher.client.ProjectsApi;
import dev.vibegrapher.client.project.CreateProjectRequest;
import dev.vibegrapher.client.project.ProjectSummary;
import dev.vibegrapher.support.Api;
import dev.vibegrapher.support.Flavor;
import dev.vibegrapher.support.OnPostgreSql;
import dev.vibegrapher.support.RunningApp;
import dev.vibegrapher.support.TestDatabases;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * What docs/api.md and docs/deployment.md promise while the server cannot serve: readiness
 * (/health/ready) reports DOWN, with the check that failed, when the data directory stops taking
 * writes, and while the start-up work (migrations) is not done, during which every API request gets
 * 503 urn:vibegrapher:problem:starting. Both conditions are real: the data directory is replaced by
 * a file, and the migrations wait for a lock another connection holds on Flyway's history table, as
 * they would behind another instance migrating the same database.
 *
 * <p>PostgreSQL only. The migrations are held by a lock another connection takes before the app
 * starts; the image's H2 database is a file the app's own process opens at start, so no other
 * connection can exist first. And on H2 that file lives in the data directory, so taking the
 * directory away would take the open database with it, not only the repositories.
 */
class StartingAndReadinessIT {

  private static final Duration LIMIT = Duration.ofSeconds(120);
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @OnPostgreSql
  void readinessIsDownWhileTheDataDirectoryTakesNoWritesAndWhileMigrationsWait(Flavor flavor)
      throws Exception {
    try (RunningApp app =
        RunningApp.prepare("starting-" + flavor.name().toLowerCase(), flavor, Map.of()).start()) {
      Api api = app.api();
      readinessIsDownWhileTheDataDirectoryTakesNoWrites(app, api);
      app.stop();
      theApiAnswers503StartingWhileMigrationsWait(app, api);
    }
  }

  private void readinessIsDownWhileTheDataDirectoryTakesNoWrites(RunningApp app, Api api)
      throws Exception {
    Path data = app.dataDirectory();
    Path aside = data.resolveSibling(data.getFileName() + "-aside");
    Files.move(data, aside);
    Files.writeString(data, "not a directory");
    try {
      Api.Reply ready = api.get("/health/ready");
      assertEquals(503, ready.status(), ready.body());
      assertEquals("DOWN", ready.json().get("status").asText());
      Map<String, JsonNode> checks = checks(ready.json());
      assertEquals("DOWN", checks.get("data-directory").get("status").asText(), ready.body());
      assertEquals(
          "UP",
          checks.get("database").get("status").asText(),
          "only the check that failed is down: " + ready.body());
      assertEquals(
          200,
          api.get("/health/live").status(),
          "still live: waiting, not restarting, is what helps");
    } finally {
      Files.delete(data);
      Files.move(aside, data);
    }
    assertEquals(
        200, api.get("/health/ready").status(), "ready again once the directory takes writes");
  }

  private void theApiAnswers503StartingWhileMigrationsWait(RunningApp app, Api api)
      throws Exception {
    TestDatabases.Database database =
        new TestDatabases.Database(
            app.databaseName(), app.environment().get("DATABASE_URL"), null, null);
    CompletableFuture<RunningApp> started;
    try (Connection holder = database.connect();
        Statement statement = holder.createStatement()) {
      holder.setAutoCommit(false);
      statement.execute("LOCK TABLE flyway_schema_history IN ACCESS EXCLUSIVE MODE");
      started = CompletableFuture.supplyAsync(app::start);

      HttpResponse<String> ready = firstReportOfTheApplication(app.uri("/health/ready"));
      assertEquals(503, ready.statusCode(), ready.body());
      JsonNode health = Api.JSON.readTree(ready.body());
      assertEquals("DOWN", health.get("status").asText());
      JsonNode databaseCheck = checks(health).get("database");
      assertEquals("DOWN", databaseCheck.get("status").asText(), ready.body());
      assertEquals(
          "starting: migrations and seeding have not finished",
          databaseCheck.get("data").get("reason").asText());

      // Raw: the answer's content type is part of what is checked.
      Api.Reply refused = api.get("/api/projects");
      assertEquals(503, refused.status(), refused.body());
      assertEquals("application/problem+json", refused.contentType());
      assertEquals(
          "urn:vibegrapher:problem:starting", refused.json().get("type").asText(), refused.body());
      ProjectsApi projects = api.client().projects();
      ProblemException tooEarly =
          assertThrows(
              ProblemException.class,
              () -> projects.create(new CreateProjectRequest("too early", null, null)));
      assertEquals(503, tooEarly.status(), "nothing is taken before the start is done");
      assertEquals("starting", tooEarly.kind());
      assertTrue(!started.isDone(), "the start waits for the migrations");
      holder.rollback();
    }
    started.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
    // Served once the migrations ran: a refused call would throw.
    assertTrue(
        api.client().projects().list(null, null).projects().stream()
            .map(ProjectSummary::name)
            .noneMatch("too early"::equals),
        "the refused request created nothing");
  }

  /**
   * The first health report of the starting application, whatever its status. Before it, Payara may
   * not listen, not answer, answer with its own 404 page, or report health without the
   * application's checks: none of them may say ready.
   */
  private HttpResponse<String> firstReportOfTheApplication(URI uri) throws Exception {
    long deadline = System.nanoTime() + LIMIT.toNanos();
    while (true) {
      try {
        HttpResponse<String> answer =
            http.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.headers().firstValue("Content-Type").orElse("").startsWith("application/json")
            && checks(Api.JSON.readTree(answer.body())).containsKey("database")) {
          return answer;
        }
        assertTrue(
            answer.statusCode() != 200, "not ready before the health report: " + answer.body());
        assertTrue(System.nanoTime() < deadline, "the server reported its health within " + LIMIT);
        LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
      } catch (ConnectException | HttpTimeoutException notServingYet) {
        // Not listening yet, or listening before Payara routes requests: the server has not
        // answered.
        assertTrue(System.nanoTime() < deadline, "the server listened within " + LIMIT);
        // The poll's pace, not a wait for something to happen: the loop ends on the answer.
        LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
      }
    }
  }

  private static Map<String, JsonNode> checks(JsonNode health) {
    Map<String, JsonNode> checks = new HashMap<>();
    health.path("checks").forEach(c -> checks.put(c.get("name").asText(), c));
    return checks;
  }
}
