package dev.vibegrapher.platform.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibegrapher.support.AcrossDatabases;
import dev.vibegrapher.support.Api;
import dev.vibegrapher.support.Flavor;
import dev.vibegrapher.support.GitRemote;
import dev.vibegrapher.support.RunningApp;
import dev.vibegrapher.support.SharedApps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What a prober, a caller or a browser can learn beyond what it asked for: the server's paths and
 * connection strings must not reach them, and browsers get the headers that keep the dashboard from
 * being framed or fed other code.
 */
class NothingLeaksIT {

  @AcrossDatabases
  void healthDataCarriesStatusesNotPathsOrMessages(Flavor flavor) {
    RunningApp app = SharedApps.of(flavor);
    Api anyone = app.api().anonymous();
    String dataDirectory = app.dataDirectory().toString();
    for (String path : List.of("/health", "/health/ready", "/health/live")) {
      Api.Reply reply = anyone.get(path);
      assertEquals(200, reply.status(), path);
      assertFalse(
          reply.body().contains(dataDirectory),
          path + " names the data directory: " + reply.body());
      for (JsonNode value : dataValues(reply.json())) {
        assertFalse(value.asText().startsWith("/"), path + " carries a path: " + reply.body());
        assertFalse(
            value.asText().contains("jdbc:") || value.asText().contains("://"),
            path + " carries a connection string: " + reply.body());
      }
    }
  }

  @AcrossDatabases
  void noAnswerOfTheApiNamesWhereTheServerKeepsItsFiles(Flavor flavor) {
    RunningApp app = SharedApps.of(flavor);
    Api api = app.api();
    String dataDirectory = app.dataDirectory().toString();
    Api.Reply created = api.post("/api/projects", Map.of("name", "Where " + UUID.randomUUID()));
    assertEquals(201, created.status());
    String id = created.json().get("id").asText();
    assertTrue(
        GitRemote.exists(app, created.json().get("slug").asText()),
        "the repository is there, only not named");
    for (Api.Reply reply :
        List.of(
            created,
            api.get("/api/projects/" + id),
            api.get("/api/projects"),
            api.get("/api/projects/" + id + "/files"),
            api.get("/api/projects/" + id + "/branches"),
            api.get("/api/projects/" + id + "/files/..%2F..%2Fetc%2Fpasswd"),
            api.get("/api/projects/" + id + "/files/nope.py"))) {
      assertFalse(reply.body().contains(dataDirectory), reply.body());
      assertFalse(reply.body().contains("repository_path"), reply.body());
    }
  }

  @AcrossDatabases
  void theDashboardMayTalkOnlyToUsAndNobodyMayFrameIt(Flavor flavor) {
    Api anyone = SharedApps.of(flavor).api().anonymous();
    for (String page : List.of("/", "/index.html")) {
      Api.Reply reply = anyone.get(page);
      assertEquals(200, reply.status(), page);
      String policy = reply.header("Content-Security-Policy");
      assertTrue(
          policy != null
              && policy.contains("script-src 'self'")
              && policy.contains("object-src 'none'")
              && policy.contains("base-uri 'none'")
              && policy.contains("frame-ancestors 'self'"),
          page + ": " + policy);
      assertFalse(
          policy.contains("unsafe-inline")
              || policy.contains("unsafe-eval")
              || policy.contains("*"),
          policy);
      assertEquals("SAMEORIGIN", reply.header("X-Frame-Options"), page);
      assertEquals("nosniff", reply.header("X-Content-Type-Options"), page);
      assertEquals("no-referrer", reply.header("Referrer-Policy"), page);
    }
    Api.Reply script = anyone.get("/js/app.js");
    assertEquals("nosniff", script.header("X-Content-Type-Options"));

    List<Api.Reply> data =
        new ArrayList<>(
            List.of(
                SharedApps.api(flavor).get("/api/projects"),
                anyone.get("/api/projects"),
                anyone.get("/health/ready"),
                anyone.get("/api/nothing-here")));
    for (Api.Reply reply : data) {
      assertEquals(
          "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
          reply.header("Content-Security-Policy"),
          reply.status() + " " + reply.body());
      assertEquals("DENY", reply.header("X-Frame-Options"));
      assertEquals("nosniff", reply.header("X-Content-Type-Options"));
    }
  }

  @Test
  void aDatabaseUrlThatCannotBeParsedIsReportedWithoutItsPassword() throws Exception {
    String password = "Pa55-" + UUID.randomUUID() + " with a space";
    RunningApp app =
        RunningApp.prepare(
            "database-url-unparseable",
            Flavor.H2,
            Map.of(
                "DATABASE_URL",
                "postgres://vibegrapher:" + password + "@127.0.0.1:5432/vibegrapher"));
    try (app) {
      app.start((status, body) -> logOf(app).contains("DATABASE_URL cannot be parsed"));
      String log = logOf(app);
      assertTrue(
          log.contains(
              "DATABASE_URL cannot be parsed: Illegal character in authority at character"),
          "the reason is said");
      assertFalse(
          log.contains(password) || log.contains("Pa55-"), "no part of the password is logged");
      Api.Reply health = app.api().anonymous().get("/health");
      assertTrue(health.status() >= 400, "the application did not come up: " + health.status());
      assertFalse(health.body().contains("Pa55-"), health.body());
    }
  }

  private static String logOf(RunningApp app) {
    try {
      return Files.exists(app.log()) ? Files.readString(app.log()) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<JsonNode> dataValues(JsonNode health) {
    List<JsonNode> values = new ArrayList<>();
    health.path("checks").forEach(check -> check.path("data").forEach(values::add));
    return values;
  }
}
