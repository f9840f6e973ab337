package dev.vibegrapher.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibegrapher.client.ProblemException;
import dev.vibegrapher.client.ProjectsApi;
import dev.vibegrapher.client.TokensApi;
import dev.vibegrapher.client.identity.IssuedTokenResponse;
import dev.vibegrapher.client.identity.LoginOptions;
import dev.vibegrapher.client.identity.TokenRequest;
import dev.vibegrapher.client.identity.TokenResponse;
import dev.vibegrapher.client.project.CreateProjectRequest;
import dev.vibegrapher.client.project.ProjectResponse;
import dev.vibegrapher.client.project.TestCaseRequest;
import dev.vibegrapher.support.AcrossDatabases;
import dev.vibegrapher.support.Api;
import dev.vibegrapher.support.Flavor;
import dev.vibegrapher.support.RunningApp;
import dev.vibegrapher.support.Runs;
import dev.vibegrapher.support.SharedApps;
import dev.vibegrapher.support.SseClient;
import dev.vibegrapher.support.WsClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Every route as an attacker meets it: without a caller, with tokens that prove nothing, and with
 * each role; refused calls change nothing. The table names the least role of every route the
 * running app's /openapi lists, so a new route without a rule here fails the build.
 */
class IdentityIT {

  private static final List<String> ROLES = List.of("viewer", "editor", "reviewer", "admin");

  /** The rule of a route that needs no caller at all. */
  static final String ANYONE = "anyone";

  /** "METHOD path" as /openapi names it, and the least role it needs (or ANYONE). */
  static final Map<String, String> RULES = new LinkedHashMap<>();

  static {
    RULES.put("GET /api/agents", "viewer");
    RULES.put("GET /api/projects", "viewer");
    RULES.put("POST /api/projects", "editor");
    RULES.put("GET /api/projects/{id}", "viewer");
    RULES.put("DELETE /api/projects/{id}", "admin");
    RULES.put("GET /api/projects/{id}/branches", "viewer");
    RULES.put("GET /api/projects/{id}/commits", "viewer");
    RULES.put("GET /api/projects/{id}/files", "viewer");
    RULES.put("GET /api/projects/{id}/files/{path}", "viewer");
    RULES.put("GET /api/projects/{id}/events", "viewer");
    RULES.put("POST /api/projects/{id}/events", "admin");
    RULES.put("GET /api/projects/{projectId}/diffs", "viewer");
    RULES.put("GET /api/projects/{projectId}/sessions", "viewer");
    RULES.put("POST /api/projects/{projectId}/sessions", "editor");
    RULES.put("GET /api/projects/{projectId}/tests", "viewer");
    RULES.put("POST /api/projects/{projectId}/tests", "editor");
    RULES.put("GET /api/tests/{id}", "viewer");
    RULES.put("PUT /api/tests/{id}", "editor");
    RULES.put("DELETE /api/tests/{id}", "editor");
    RULES.put("GET /api/sessions/{id}", "viewer");
    RULES.put("DELETE /api/sessions/{id}", "editor");
    RULES.put("GET /api/sessions/{id}/messages", "viewer");
    RULES.put("POST /api/sessions/{id}/messages", "editor");
    RULES.put("GET /api/sessions/{id}/diffs", "viewer");
    RULES.put("GET /api/sessions/{id}/diffs/pending", "viewer");
    RULES.put("GET /api/messages/{id}/full", "viewer");
    RULES.put("GET /api/diffs/{id}", "viewer");
    RULES.put("GET /api/diffs/{id}/preview", "viewer");
    RULES.put("POST /api/diffs/{id}/review", "reviewer");
    RULES.put("POST /api/diffs/{id}/refine-message", "reviewer");
    RULES.put("POST /api/diffs/{id}/commit", "reviewer");
    RULES.put("POST /api/diffs/{id}/revert", "reviewer");
    RULES.put("POST /api/diffs/{id}/tests", "editor");
    RULES.put("GET /api/me", "viewer");
    RULES.put("GET /api/audit", "admin");
    RULES.put("GET /api/tokens", "viewer");
    RULES.put("POST /api/tokens", "viewer");
    RULES.put("DELETE /api/tokens/{id}", "viewer");
    RULES.put("GET /api/login-options", ANYONE);
  }

  /** A project with a session, a test case and a token: what a refused call would change. */
  private record Target(String projectId, String sessionId, String testId, String tokenId) {
    String path(String template) {
      return template
          .replace("{projectId}", projectId)
          .replace("/projects/{id}", "/projects/" + projectId)
          .replace("/sessions/{id}", "/sessions/" + sessionId)
          .replace("/tests/{id}", "/tests/" + testId)
          .replace("/tokens/{id}", "/tokens/" + tokenId)
          .replace("{path}", "main.py")
          .replace("{id}", UUID.randomUUID().toString());
    }
  }

  @AcrossDatabases
  void everyRouteOfTheApiHasARule(Flavor flavor) {
    JsonNode paths = SharedApps.api(flavor).get("/openapi?format=JSON").json().get("paths");
    TreeSet<String> listed = new TreeSet<>();
    paths
        .fields()
        .forEachRemaining(
            path ->
                path.getValue()
                    .fieldNames()
                    .forEachRemaining(
                        method -> {
                          if (List.of("get", "post", "put", "delete", "patch").contains(method)) {
                            listed.add(method.toUpperCase() + " " + path.getKey());
                          }
                        }));
    assertEquals(
        new TreeSet<>(RULES.keySet()),
        listed,
        "every route of /openapi has a rule here, and every rule a route");
  }

  @AcrossDatabases
  void callsWithoutACallerOrWithATokenThatProvesNothingAreRefusedAndChangeNothing(Flavor flavor) {
    Api admin = SharedApps.api(flavor);
    Target target = target(admin);
    String before = snapshot(admin, target);
    IssuedTokenResponse revoked = issue(admin, "revoked", "admin");
    admin.client().tokens().revoke(revoked.id());
    Map<String, Api> intruders = new LinkedHashMap<>();
    intruders.put("no token", admin.anonymous());
    intruders.put("garbage", admin.withBearer("garbage"));
    intruders.put("an access token never issued", admin.withBearer("vgp_" + "A".repeat(43)));
    intruders.put("a revoked access token", admin.withBearer(revoked.token()));
    intruders.put(
        "a JWT while no provider is configured",
        admin.withBearer("eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9."));

    intruders.forEach(
        (who, api) ->
            RULES.forEach(
                (route, needed) -> {
                  Api.Reply reply =
                      call(api, route, target.path(route.substring(route.indexOf(' ') + 1)));
                  if (needed.equals(ANYONE)) {
                    assertEquals(
                        200,
                        reply.status(),
                        who
                            + ": "
                            + route
                            + " needs no caller, and a bad token changes nothing "
                            + reply.body());
                    return;
                  }
                  assertEquals(401, reply.status(), who + ": " + route + " " + reply.body());
                  assertEquals("Bearer", reply.header("WWW-Authenticate"), who + ": " + route);
                  assertTrue(
                      reply.contentType().startsWith("application/problem+json"),
                      who + ": " + route + " " + reply.contentType());
                  assertEquals(
                      "urn:vibegrapher:problem:unauthenticated", reply.json().get("type").asText());
                }));
    for (String open :
        List.of(
            "/metrics",
            "/metrics?scope=application",
            "/openapi",
            "/ws",
            "//metrics",
            "/%6detrics",
            "/m/../metrics",
            "//openapi",
            "/%6fpenapi",
            "/api;x=y/projects",
            "//api/projects",
            "/x/../api/projects")) {
      Api.Reply reply = admin.anonymous().getRaw(open);
      assertTrue(
          reply.status() == 401 || reply.status() == 404,
          open + " is refused or reaches nothing: " + reply.status());
      assertFalse(
          reply.body().contains("# TYPE") || reply.body().contains("openapi:"),
          open + " serves nothing: " + reply.body());
    }
    assertEquals(before, snapshot(admin, target), "nothing changed");
    LoginOptions options = admin.anonymous().client().identity().loginOptions();
    assertNull(options.provider(), "no provider is configured here: " + options);
    assertTrue(options.tokenLogin());
    JsonNode described =
        admin
            .get("/openapi?format=JSON")
            .json()
            .get("paths")
            .get("/api/login-options")
            .get("get")
            .get("responses");
    assertFalse(
        described.has("401") || described.has("403"),
        "the open route documents no 401 or 403: " + described);
  }

  @AcrossDatabases
  void eachRoleMayDoWhatItsRuleAllowsAndIsRefusedTheRestWithTheRoleNeeded(Flavor flavor) {
    Api admin = SharedApps.api(flavor);
    Target target = target(admin);
    Map<String, Api> byRole = new LinkedHashMap<>();
    for (String role : ROLES) {
      byRole.put(
          role, admin.withBearer(issue(admin, role + " " + UUID.randomUUID(), role).token()));
    }
    String before = snapshot(admin, target);
    List<String> allowed = new ArrayList<>();
    byRole.forEach(
        (role, api) ->
            RULES.forEach(
                (route, needed) -> {
                  if (ROLES.indexOf(role) < ROLES.indexOf(needed)) {
                    Api.Reply reply =
                        call(api, route, target.path(route.substring(route.indexOf(' ') + 1)));
                    assertEquals(403, reply.status(), role + ": " + route + " " + reply.body());
                    assertEquals(
                        "urn:vibegrapher:problem:role-needed", reply.json().get("type").asText());
                    assertEquals(
                        needed, reply.json().get("role_needed").asText(), role + ": " + route);
                    assertEquals(role, reply.json().get("role").asText());
                  } else {
                    // Another project's ids and an empty body: allowed through, the call then fails
                    // on its own terms.
                    Api.Reply reply = callHarmlessly(api, route);
                    assertFalse(
                        reply.status() == 401 || reply.status() == 403,
                        role + ": " + route + " " + reply.status() + " " + reply.body());
                    allowed.add(role + " " + route);
                  }
                }));
    assertEquals(before, snapshot(admin, target), "no refused call changed anything");
    assertEquals(
        ROLES.stream()
            .mapToLong(
                role ->
                    RULES.values().stream()
                        .filter(needed -> ROLES.indexOf(needed) <= ROLES.indexOf(role))
                        .count())
            .sum(),
        allowed.size());
    assertEquals(403, byRole.get("reviewer").get("/metrics").status(), "metrics are for admins");
    for (String spelling : List.of("//metrics", "/%6detrics", "/m/../metrics")) {
      Api.Reply reply = byRole.get("reviewer").getRaw(spelling);
      assertTrue(reply.status() == 403 || reply.status() == 404, spelling + ": " + reply.status());
      assertFalse(reply.body().contains("# TYPE"), spelling + " serves no metrics to a reviewer");
    }
    assertEquals(200, byRole.get("admin").get("/metrics").status());
    assertEquals(
        200,
        byRole.get("viewer").get("/openapi").status(),
        "the API's description is for every caller");
    assertEquals(
        200, admin.anonymous().get("/health/ready").status(), "health stays open for probes");
    assertEquals(
        200, admin.anonymous().get("/").status(), "the dashboard's page loads, to offer a login");
  }

  @AcrossDatabases
  void anAccessTokenWorksUntilRevokedAndItsSecretIsShownOnlyOnce(Flavor flavor) {
    Api admin = SharedApps.api(flavor);
    TokensApi tokens = admin.client().tokens();
    Instant before = Instant.now();
    IssuedTokenResponse issued = issue(admin, "ci pipeline", "editor");
    String secret = issued.token();
    assertTrue(secret.startsWith("vgp_") && secret.length() >= 40, secret.length() + " characters");
    assertEquals("editor", issued.role());
    Api ci = admin.withBearer(secret);

    String name = "made by ci " + UUID.randomUUID();
    ProjectResponse made =
        ci.client().projects().create(new CreateProjectRequest(name, null, null));
    assertEquals(name, made.name());
    // The raw list: the secret must be under no member at all, not only missing from the record.
    Api.Reply listed = admin.get("/api/tokens");
    assertFalse(listed.body().contains(secret), "the list never holds a secret");
    assertFalse(find(listed.json(), issued.id()).has("token"));
    TokenResponse token =
        tokens.list().stream().filter(t -> t.id().equals(issued.id())).findFirst().orElseThrow();
    assertFalse(token.lastUsedAt().isBefore(before.minusSeconds(1)), "its last use is recorded");

    tokens.revoke(issued.id());
    assertEquals(
        401,
        assertThrows(ProblemException.class, () -> ci.client().projects().list(null, null))
            .status(),
        "revoked at once");
    assertEquals(
        404, assertThrows(ProblemException.class, () -> tokens.revoke(issued.id())).status());
  }

  @AcrossDatabases
  void aTokensRoleCannotExceedItsCreatorsAndBadRequestsAreProblems(Flavor flavor) {
    Api admin = SharedApps.api(flavor);
    TokensApi tokens = admin.client().tokens();
    TokensApi editor =
        admin
            .withBearer(issue(admin, "editor " + UUID.randomUUID(), "editor").token())
            .client()
            .tokens();
    int tokensBefore = tokens.list().size();

    ProblemException tooHigh =
        assertThrows(
            ProblemException.class,
            () -> editor.issue(new TokenRequest("escalate", "admin", null)));
    assertEquals(403, tooHigh.status(), tooHigh.json().toString());
    assertEquals("admin", tooHigh.string("role_needed").orElseThrow());
    assertEquals(
        403,
        assertThrows(
                ProblemException.class,
                () -> editor.issue(new TokenRequest("escalate", "reviewer", null)))
            .status());
    assertEquals(tokensBefore, tokens.list().size(), "no token was made");
    assertEquals("editor", editor.issue(new TokenRequest("my script", "editor", null)).role());
    assertEquals("viewer", editor.issue(new TokenRequest("my script", "viewer", null)).role());

    Instant shortExpiry =
        Instant.now().plusSeconds(600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    TokensApi shortLived =
        admin
            .withBearer(issue(admin, "short " + UUID.randomUUID(), "viewer", shortExpiry).token())
            .client()
            .tokens();
    assertEquals(
        shortExpiry,
        shortLived.issue(new TokenRequest("forever", "viewer", null)).expiresAt(),
        "a token lives no longer than the one that made it");
    assertEquals(
        shortExpiry,
        shortLived
            .issue(new TokenRequest("later", "viewer", shortExpiry.plusSeconds(3600)))
            .expiresAt());

    // Raw: the answer's content type is part of what is checked.
    Api.Reply unknownRole = admin.post("/api/tokens", Map.of("name", "bad role", "role", "root"));
    assertEquals(400, unknownRole.status());
    assertTrue(unknownRole.contentType().startsWith("application/problem+json"));
    assertEquals(
        400,
        assertThrows(
                ProblemException.class,
                () ->
                    tokens.issue(
                        new TokenRequest("past", "viewer", Instant.parse("2020-01-01T00:00:00Z"))))
            .status());
    assertEquals(
        400,
        assertThrows(
                ProblemException.class, () -> tokens.issue(new TokenRequest(null, "viewer", null)))
            .status(),
        "a token needs a name");
  }

  @AcrossDatabases
  void anExpiredAccessTokenIsRefused(Flavor flavor) throws InterruptedException {
    Api admin = SharedApps.api(flavor);
    issue(admin, "warm-up " + UUID.randomUUID(), "viewer");
    // Long enough for a slow machine to use it once before it expires.
    Instant expiry = Instant.now().plusSeconds(8);
    ProjectsApi shortLived =
        admin
            .withBearer(issue(admin, "short " + UUID.randomUUID(), "viewer", expiry).token())
            .client()
            .projects();
    shortLived.list(null, null);
    while (Instant.now().isBefore(expiry.plusMillis(100))) {
      Thread.sleep(100);
    }
    assertEquals(
        401, assertThrows(ProblemException.class, () -> shortLived.list(null, null)).status());
  }

  @AcrossDatabases
  void liveStreamsNeedACallerAndABrowsersWebSocketAnAllowedOrigin(Flavor flavor) {
    RunningApp app = SharedApps.of(flavor);
    String viewer = issue(app.api(), "watcher " + UUID.randomUUID(), "viewer").token();
    String ownOrigin = "http://127.0.0.1:" + app.port();

    assertEquals(401, WsClient.upgradeStatus(app, null, null, null), "no caller");
    assertEquals(
        401,
        WsClient.upgradeStatus(app, "vgp_" + "B".repeat(43), null, null),
        "a token never issued");
    assertEquals(
        401,
        WsClient.upgradeStatus(app, null, "vgp_" + "B".repeat(43), ownOrigin),
        "the same in the subprotocol");
    assertEquals(101, WsClient.upgradeStatus(app, viewer, null, null), "a script with the header");
    assertEquals(
        403,
        WsClient.upgradeStatus(app, null, viewer, "https://evil.example.com"),
        "a page of another origin");
    assertEquals(
        403,
        WsClient.upgradeStatus(app, viewer, null, "https://evil.example.com"),
        "another origin, even with the header");
    String project = Runs.newProject(app.api(), "x = 1\n");
    try (WsClient browser = WsClient.connectAsBrowser(app, viewer, ownOrigin)) {
      assertEquals(
          "vibegrapher.v1",
          browser.subprotocol(),
          "the server answers with the dashboard's subprotocol, never the bearer");
      browser.subscribe(project);
      assertEquals(project, browser.nextOfType("subscribed").get("project_id").asText());
    }

    try (SseClient anonymous =
            SseClient.open(app, "/api/projects/" + project + "/events", null, null);
        SseClient watcher =
            SseClient.open(app, "/api/projects/" + project + "/events", null, viewer)) {
      assertEquals(401, anonymous.status());
      assertEquals(200, watcher.status());
    }
  }

  @AcrossDatabases
  void aLiveConnectionEndsWhenItsTokenExpires(Flavor flavor) {
    RunningApp app = SharedApps.of(flavor);
    String shortLived =
        issue(
                app.api(),
                "short watcher " + UUID.randomUUID(),
                "viewer",
                Instant.now().plusSeconds(8))
            .token();
    String project = Runs.newProject(app.api(), "x = 1\n");
    try (WsClient ws = WsClient.connect(app, true, shortLived)) {
      ws.subscribe(project);
      ws.nextOfType("subscribed");
      assertEquals(
          1008,
          ws.closeCode().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join(),
          "closed as a policy violation");
    }
    assertEquals(
        401,
        WsClient.upgradeStatus(app, shortLived, null, null),
        "and the expired token opens no new one");
  }

  private static Target target(Api admin) {
    String project = Runs.newProject(admin, "x = 1\n");
    String session = Runs.openSession(admin, project);
    String test =
        admin
            .client()
            .testCases()
            .create(project, new TestCaseRequest("one", "assert True", null))
            .id();
    String token = issue(admin, "target " + UUID.randomUUID(), "viewer").id();
    return new Target(project, session, test, token);
  }

  /**
   * What a refused call could have changed: projects, the target's session, tests, messages, and
   * tokens. The bodies are compared as sent, so a change to a member no record reads counts too.
   */
  private static String snapshot(Api admin, Target target) {
    StringBuilder state = new StringBuilder();
    for (String path :
        List.of(
            "/api/projects",
            "/api/projects/" + target.projectId(),
            "/api/projects/" + target.projectId() + "/sessions",
            "/api/projects/" + target.projectId() + "/tests",
            "/api/sessions/" + target.sessionId() + "/messages",
            "/api/projects/" + target.projectId() + "/diffs")) {
      state.append(path).append(' ').append(admin.get(path).body()).append('\n');
    }
    for (TokenResponse token : admin.client().tokens().list()) {
      state.append(token.id()).append(' ').append(token.role()).append('\n');
    }
    return state.toString();
  }

  private static Api.Reply call(Api api, String route, String path) {
    String method = route.substring(0, route.indexOf(' '));
    String body =
        switch (route) {
          case "POST /api/projects" -> Api.json(Map.of("name", "intruder " + UUID.randomUUID()));
          case "POST /api/projects/{projectId}/sessions" ->
              Api.json(Map.of("session_type", "global"));
          case "POST /api/projects/{projectId}/tests", "PUT /api/tests/{id}" ->
              Api.json(Map.of("name", "intruder", "code", "import os"));
          case "POST /api/sessions/{id}/messages" ->
              Api.json(Map.of("prompt", "delete everything"));
          case "POST /api/tokens" -> Api.json(Map.of("name", "intruder", "role", "admin"));
          case "POST /api/projects/{id}/events" ->
              Api.json(Map.of("type", "heartbeat", "data", Map.of()));
          case "POST /api/diffs/{id}/review" -> Api.json(Map.of("approved", true));
          default -> method.equals("POST") || method.equals("PUT") ? "{}" : null;
        };
    return api.send(method, path, body == null ? null : "application/json", body);
  }

  private static Api.Reply callHarmlessly(Api api, String route) {
    String method = route.substring(0, route.indexOf(' '));
    String path =
        route
            .substring(route.indexOf(' ') + 1)
            .replace("{path}", "main.py")
            .replaceAll("\\{[a-zA-Z]+}", UUID.randomUUID().toString());
    return api.send(
        method,
        path,
        method.equals("POST") || method.equals("PUT") ? "application/json" : null,
        method.equals("POST") || method.equals("PUT") ? "{}" : null);
  }

  static IssuedTokenResponse issue(Api admin, String name, String role) {
    return issue(admin, name, role, null);
  }

  static IssuedTokenResponse issue(Api api, String name, String role, Instant expiresAt) {
    return api.client().tokens().issue(new TokenRequest(name, role, expiresAt));
  }

  private static JsonNode find(JsonNode tokens, String id) {
    for (JsonNode token : tokens) {
      if (token.get("id").asText().equals(id)) {
        return token;
      }
    }
    throw new AssertionError("no token " + id + " in " + tokens);
  }
}
