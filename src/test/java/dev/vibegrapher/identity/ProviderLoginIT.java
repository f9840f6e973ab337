package dev.vibegrapher.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibegrapher.support.Api;
import dev.vibegrapher.support.Flavor;
import dev.vibegrapher.support.RunningApp;
import dev.vibegrapher.support.Runs;
import dev.vibegrapher.support.SharedApps;
import dev.vibegrapher.support.TestIssuer;
import dev.vibegrapher.support.WsClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The organisation's OpenID Connect provider (the test issuer: its own keys, discovery and JWKS
 * over real HTTP) configured with the MicroProfile JWT keys, and its tokens at the real app.
 * Checking a JWT never touches the database, so this runs on H2 only; what it unlocks is the same
 * API that IdentityIT checks on both databases.
 */
class ProviderLoginIT {

  private static TestIssuer issuer;
  private static RunningApp app;

  @BeforeAll
  static void start() {
    issuer = TestIssuer.start();
    Map<String, String> settings = new HashMap<>(SharedApps.sharedSettings());
    settings.putAll(issuer.appSettings());
    settings.put(
        "VIBEGRAPHER_IDENTITY_ROLE_MAPPING",
        "vg-admins=admin,vg-reviewers=reviewer,vg-devs=editor,staff=viewer");
    // A rotation right after a fetch must be picked up at once in a test; providers get 30 s by
    // default.
    settings.put("VIBEGRAPHER_IDENTITY_JWKS_MIN_REFRESH_SECONDS", "0");
    app = RunningApp.prepare("provider-login", Flavor.H2, settings).start();
  }

  @AfterAll
  static void stop() {
    app.close();
    issuer.close();
  }

  private Api as(String token) {
    return app.api().withBearer(token);
  }

  private String tokenOf(String subject, String name, String... groups) {
    return issuer.token(subject).name(name).email(subject + "@example.com").groups(groups).signed();
  }

  @Test
  void theOrganisationsGroupsGiveTheRoles() {
    Api staff = as(tokenOf("u-viewer", "Val Viewer", "staff"));
    Api developer = as(tokenOf("u-dev", "Dev Eloper", "vg-devs", "staff"));
    Api admin = as(tokenOf("u-admin", "Ada Admin", "vg-admins"));

    assertEquals(200, staff.get("/api/projects").status());
    Api.Reply refused = staff.post("/api/projects", Map.of("name", "not mine to make"));
    assertEquals(403, refused.status());
    assertEquals("editor", refused.json().get("role_needed").asText());
    String project = Runs.newProject(developer, "x = 1\n");
    assertEquals(403, developer.delete("/api/projects/" + project).status());
    assertEquals(204, admin.delete("/api/projects/" + project).status());
    assertEquals(200, admin.get("/metrics").status());
  }

  @Test
  void everyKindOfBadTokenIsRefusedAndChangesNothing() {
    int projects = app.api().allProjects().size();
    Instant now = Instant.now();
    Map<String, String> bad = new LinkedHashMap<>();
    bad.put(
        "expired", issuer.token("u").groups("vg-admins").expiresAt(now.minusSeconds(300)).signed());
    bad.put(
        "not yet valid",
        issuer.token("u").groups("vg-admins").notBefore(now.plusSeconds(600)).signed());
    bad.put(
        "another issuer",
        issuer.token("u").groups("vg-admins").issuer("https://login.evil.example.com").signed());
    bad.put(
        "another audience", issuer.token("u").groups("vg-admins").audience("another-app").signed());
    bad.put("alg none", issuer.token("u").groups("vg-admins").unsigned());
    bad.put(
        "HS256 with the public key", issuer.token("u").groups("vg-admins").hmacWithThePublicKey());
    bad.put("a key not in the JWKS", issuer.token("u").groups("vg-admins").signedWithUnknownKey());

    bad.forEach(
        (what, token) -> {
          Api.Reply reply = as(token).post("/api/projects", Map.of("name", "forged " + what));
          assertEquals(401, reply.status(), what + ": " + reply.body());
          assertEquals("Bearer", reply.header("WWW-Authenticate"), what);
          assertFalse(reply.body().contains(token), what + ": the answer never echoes the token");
        });
    assertEquals(projects, app.api().allProjects().size(), "nothing was made");
    String log = readLog();
    bad.values().forEach(token -> assertFalse(log.contains(token), "no token in the log"));
  }

  @Test
  void aSignedInCallerWithoutAMappedGroupIsForbidden() {
    Api.Reply reply = as(tokenOf("u-outsider", "Otto Outsider", "marketing")).get("/api/projects");
    assertEquals(403, reply.status());
    assertEquals("urn:vibegrapher:problem:no-role", reply.json().get("type").asText());
  }

  @Test
  void aKeyTheProviderRotatesInIsAcceptedWithoutARestart() {
    assertEquals(200, as(tokenOf("u-before", "Before", "staff")).get("/api/projects").status());
    issuer.rotate();
    assertEquals(
        200,
        as(tokenOf("u-after", "After", "staff")).get("/api/projects").status(),
        "signed with the new key");
  }

  @Test
  void accessTokensBelongToTheirCreatorAndOnlyAdminsSeeOrRevokeOthers() {
    Api rita = as(tokenOf("u-rita-" + UUID.randomUUID(), "Rita Reviewer", "vg-reviewers"));
    Api bob = as(tokenOf("u-bob-" + UUID.randomUUID(), "Bob Builder", "vg-devs"));
    Api admin = as(tokenOf("u-admin", "Ada Admin", "vg-admins"));
    JsonNode ritas = IdentityIT.issue(rita, "rita's script", "reviewer");
    JsonNode bobs = IdentityIT.issue(bob, "bob's script", "editor");

    assertEquals(List.of(ritas.get("id").asText()), ids(rita.get("/api/tokens").json()));
    assertEquals("Rita Reviewer", rita.get("/api/tokens").json().get(0).get("owner_name").asText());
    assertEquals(List.of(bobs.get("id").asText()), ids(bob.get("/api/tokens").json()));
    assertTrue(
        ids(admin.get("/api/tokens").json())
            .containsAll(List.of(ritas.get("id").asText(), bobs.get("id").asText())));
    assertEquals(
        404,
        bob.delete("/api/tokens/" + ritas.get("id").asText()).status(),
        "another's token is not even found");
    assertEquals(
        200, as(ritas.get("token").asText()).get("/api/projects").status(), "and still works");
    assertEquals(
        204,
        admin.delete("/api/tokens/" + ritas.get("id").asText()).status(),
        "an admin revokes anyone's");
    assertEquals(401, as(ritas.get("token").asText()).get("/api/projects").status());
  }

  @Test
  void aWebSocketOpenedWithAJwtClosesWhenTheJwtExpires() {
    // The project first: on a busy machine making it could take most of the token's life.
    String project = Runs.newProject(app.api(), "x = 1\n");
    String shortLived =
        issuer.token("u-short").groups("staff").expiresAt(Instant.now().plusSeconds(8)).signed();
    try (WsClient ws = WsClient.connect(app, true, shortLived)) {
      ws.subscribe(project);
      ws.nextOfType("subscribed");
      assertEquals(1008, ws.closeCode().orTimeout(30, TimeUnit.SECONDS).join());
    }
  }

  private static List<String> ids(JsonNode tokens) {
    List<String> ids = new ArrayList<>();
    tokens.forEach(token -> ids.add(token.get("id").asText()));
    return ids;
  }

  private static String readLog() {
    try {
      return java.nio.file.Files.readString(app.log());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
