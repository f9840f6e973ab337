package dev.vibegrapher.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vibegrapher.client.ProblemException;
import dev.vibegrapher.client.Vibegrapher;
import dev.vibegrapher.client.identity.IssuedTokenResponse;
import dev.vibegrapher.client.identity.TokenResponse;
import dev.vibegrapher.client.project.CreateProjectRequest;
import dev.vibegrapher.support.Api;
import dev.vibegrapher.support.Flavor;
import dev.vibegrapher.support.RunningApp;
import dev.vibegrapher.support.Runs;
import dev.vibegrapher.support.SharedApps;
import dev.vibegrapher.support.TestIssuer;
import dev.vibegrapher.support.WsClient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
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

  private Vibegrapher client(String token) {
    return as(token).client();
  }

  private String tokenOf(String subject, String name, String... groups) {
    return issuer.token(subject).name(name).email(subject + "@example.com").groups(groups).signed();
  }

  @Test
  void theOrganisationsGroupsGiveTheRoles() {
    Vibegrapher staff = client(tokenOf("u-viewer", "Val Viewer", "staff"));
    Api developer = as(tokenOf("u-dev", "Dev Eloper", "vg-devs", "staff"));
    Api admin = as(tokenOf("u-admin", "Ada Admin", "vg-admins"));

    staff.projects().list(null, null);
    ProblemException refused =
        assertThrows(
            ProblemException.class,
            () ->
                staff.projects().create(new CreateProjectRequest("not mine to make", null, null)));
    assertEquals(403, refused.status());
    assertEquals("editor", refused.string("role_needed").orElseThrow());
    String project = Runs.newProject(developer, "x = 1\n");
    assertEquals(
        403,
        assertThrows(ProblemException.class, () -> developer.client().projects().delete(project))
            .status());
    admin.client().projects().delete(project);
    assertEquals(
        404,
        assertThrows(ProblemException.class, () -> admin.client().projects().get(project)).status(),
        "the admin's delete took");
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
    ProblemException refused =
        assertThrows(
            ProblemException.class,
            () ->
                client(tokenOf("u-outsider", "Otto Outsider", "marketing"))
                    .projects()
                    .list(null, null));
    assertEquals(403, refused.status());
    assertEquals("no-role", refused.kind());
  }

  /**
   * git sends the provider's JWT as the password of HTTP Basic; a caller without a role gets
   * nothing there either (GitCloneIT clones with the real git).
   */
  @Test
  void gitTakesTheProvidersTokenAsItsPassword() {
    Api developer = as(tokenOf("u-dev", "Dev Eloper", "vg-devs"));
    String slug = developer.client().projects().get(Runs.newProject(developer, "x = 1\n")).slug();
    String infoRefs = "/git/" + slug + ".git/info/refs?service=git-upload-pack";
    Api.Reply staff =
        app.api()
            .anonymous()
            .get(infoRefs, Map.of("Authorization", basic(tokenOf("u-viewer", "Val", "staff"))));
    assertEquals(200, staff.status(), staff.body());
    assertTrue(staff.body().contains("refs/heads/main"), staff.body());
    Api.Reply outsider =
        app.api()
            .anonymous()
            .get(
                infoRefs,
                Map.of("Authorization", basic(tokenOf("u-outsider", "Otto", "marketing"))));
    assertEquals(403, outsider.status(), outsider.body());
    assertFalse(outsider.body().contains("refs/heads"), outsider.body());
    String expired =
        issuer.token("u").groups("staff").expiresAt(Instant.now().minusSeconds(300)).signed();
    Api.Reply late = app.api().anonymous().get(infoRefs, Map.of("Authorization", basic(expired)));
    assertEquals(401, late.status(), late.body());
    assertEquals("Basic realm=\"vibegrapher\"", late.header("WWW-Authenticate"));
  }

  private static String basic(String token) {
    return "Basic "
        + Base64.getEncoder().encodeToString(("git:" + token).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aKeyTheProviderRotatesInIsAcceptedWithoutARestart() {
    client(tokenOf("u-before", "Before", "staff")).projects().list(null, null);
    issuer.rotate();
    // Signed with the new key: refused, the call would throw.
    client(tokenOf("u-after", "After", "staff")).projects().list(null, null);
  }

  @Test
  void accessTokensBelongToTheirCreatorAndOnlyAdminsSeeOrRevokeOthers() {
    Api rita = as(tokenOf("u-rita-" + UUID.randomUUID(), "Rita Reviewer", "vg-reviewers"));
    Api bob = as(tokenOf("u-bob-" + UUID.randomUUID(), "Bob Builder", "vg-devs"));
    Vibegrapher admin = client(tokenOf("u-admin", "Ada Admin", "vg-admins"));
    IssuedTokenResponse ritas = IdentityIT.issue(rita, "rita's script", "reviewer");
    IssuedTokenResponse bobs = IdentityIT.issue(bob, "bob's script", "editor");

    List<TokenResponse> ritasList = rita.client().tokens().list();
    assertEquals(List.of(ritas.id()), ids(ritasList));
    assertEquals("Rita Reviewer", ritasList.get(0).ownerName());
    assertEquals(List.of(bobs.id()), ids(bob.client().tokens().list()));
    assertTrue(ids(admin.tokens().list()).containsAll(List.of(ritas.id(), bobs.id())));
    assertEquals(
        404,
        assertThrows(ProblemException.class, () -> bob.client().tokens().revoke(ritas.id()))
            .status(),
        "another's token is not even found");
    // And it still works: a refused call would throw.
    client(ritas.token()).projects().list(null, null);
    admin.tokens().revoke(ritas.id());
    assertEquals(
        401,
        assertThrows(
                ProblemException.class, () -> client(ritas.token()).projects().list(null, null))
            .status(),
        "an admin revokes anyone's");
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

  private static List<String> ids(List<TokenResponse> tokens) {
    return tokens.stream().map(TokenResponse::id).toList();
  }

  private static String readLog() {
    try {
      return java.nio.file.Files.readString(app.log());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
