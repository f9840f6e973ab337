package dev.vibegrapher.dashboard;

import static dev.vibegrapher.support.Runs.submitPatch;
import static dev.vibegrapher.support.Runs.verdict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vibegrapher.client.Vibegrapher;
import dev.vibegrapher.client.identity.LoginOptions;
import dev.vibegrapher.client.identity.TokenRequest;
import dev.vibegrapher.client.project.CreateProjectRequest;
import dev.vibegrapher.client.review.DiffView;
import dev.vibegrapher.client.session.SendMessageRequest;
import dev.vibegrapher.support.Api;
import dev.vibegrapher.support.Browser;
import dev.vibegrapher.support.BrowserLogins;
import dev.vibegrapher.support.FakeOpenAi;
import dev.vibegrapher.support.Flavor;
import dev.vibegrapher.support.RunningApp;
import dev.vibegrapher.support.Runs;
import dev.vibegrapher.support.SharedApps;
import dev.vibegrapher.support.SharedFake;
import dev.vibegrapher.support.TestIssuer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard logging in at the organisation's OpenID Connect provider (the test provider: the
 * authorization code flow with PKCE over real HTTP) in a real headless Chromium, against the real
 * app configured for it. Logging in touches no database, so this runs on H2 only; what the login
 * unlocks is the page DashboardIT checks on both.
 */
class ProviderDashboardIT {

  private static final String CLIENT_ID = "vibegrapher-dashboard";

  private static TestIssuer issuer;
  private static RunningApp app;
  private final FakeOpenAi fake = SharedFake.fake();
  private Browser browser;

  @BeforeAll
  static void start() {
    issuer = TestIssuer.start();
    Map<String, String> settings = new HashMap<>(SharedApps.sharedSettings());
    settings.putAll(issuer.appSettings());
    // No grace after a token's expiry: a page that failed to renew its token would be refused at
    // once.
    settings.put("MP_JWT_VERIFY_CLOCK_SKEW", "0");
    settings.put(
        "VIBEGRAPHER_IDENTITY_ROLE_MAPPING",
        "vg-admins=admin,vg-reviewers=reviewer,vg-devs=editor,staff=viewer");
    settings.put("VIBEGRAPHER_IDENTITY_OIDC_CLIENT_ID", CLIENT_ID);
    app = RunningApp.prepare("provider-dashboard", Flavor.H2, settings);
    // The dashboard's address is where the provider sends the browser back, after a login or a
    // logout.
    issuer.logins().client(CLIENT_ID, app.uri("/").toString());
    app.start();
  }

  @AfterAll
  static void stop() {
    app.close();
    issuer.close();
  }

  @BeforeEach
  void freshScripts() {
    fake.reset();
    issuer.logins().accessTokenLifetime(Duration.ofHours(1)).refreshTokens(true);
  }

  @AfterEach
  void noScriptErrors() {
    if (browser != null) {
      List<String> errors = browser.scriptErrors();
      browser.close();
      assertEquals(List.of(), errors, "the page threw");
    }
  }

  @Test
  void theServerSaysHowToLogInBeforeAnyLogin() {
    LoginOptions options = app.api().anonymous().client().identity().loginOptions();
    assertEquals(issuer.issuer(), options.provider().authority());
    assertEquals(CLIENT_ID, options.provider().clientId());
    assertEquals("openid profile email", options.provider().scope());
    assertEquals("access_token", options.provider().bearer());
    assertTrue(options.tokenLogin());
  }

  @Test
  void anEditorLogsInAtTheProviderSeesWhoIsLoggedInAndIsNotOfferedApproval() {
    issuer.logins().user("u-eddie-" + suffix(), "Eddie Editor", "vg-devs");
    Pending pending = projectWithPendingDiff();
    browser = Browser.open("provider-editor");
    browser.go(app.uri("/#/projects/" + pending.projectId()));
    browser.await("dialog.login-dialog[open] button.provider-login");
    assertTrue(browser.find("dialog input[name=token]").isDisplayed(), "a token may be pasted too");
    browser.screenshot("login-choices");

    logInAtTheProvider();
    browser.awaitText("#who", "Eddie Editor (editor)");
    assertEquals(
        "authorization_code", last().grantType(), "one code, exchanged with its PKCE verifier");
    String address = (String) browser.script("return location.href");
    assertTrue(
        address.endsWith("#/projects/" + pending.projectId()),
        "back where the login started: " + address);
    assertFalse(
        address.contains("code=") || address.contains("state="),
        "the provider's answer leaves the address bar: " + address);
    awaitProject(pending);
    browser.await(".review-panel .diff");
    browser.screenshot("editor-review");
    assertTrue(browser.find("textarea[name=prompt]").isDisplayed(), "an editor may prompt");
    for (String control : List.of("button.approve", "button.commit", "button.reject")) {
      assertFalse(browser.find(control).isDisplayed(), control + " is not offered to an editor");
    }
    String stored =
        (String)
            browser.script(
                "return JSON.stringify({...sessionStorage}) + JSON.stringify({...localStorage})");
    assertFalse(stored.contains(last().accessToken()), "the provider's tokens live in memory only");
  }

  @Test
  void logoutEndsTheProviderSessionReturnsToTheLoginAndTheOldTokenIsNeverSentAgain() {
    issuer.logins().user("u-rita-" + suffix(), "Rita Reviewer", "vg-reviewers");
    Pending pending = projectWithPendingDiff();
    browser = Browser.open("provider-logout");
    browser.go(app.uri("/#/projects/" + pending.projectId()));
    logInAtTheProvider();
    browser.awaitText("#who", "Rita Reviewer (reviewer)");
    awaitProject(pending);
    assertTrue(browser.await("button.approve").isDisplayed(), "a reviewer is offered the approval");
    String token = last().accessToken();
    int logouts = issuer.logins().logouts();

    Instant loggingOut = Instant.now();
    browser.click("#logout");
    browser.until(driver -> issuer.logins().logouts() > logouts);
    // Only the page the provider sent the browser back to has a login dialog: the one left had
    // none.
    browser.await("dialog.login-dialog[open] button.provider-login");
    assertEquals("", browser.find("#who").getText());
    assertFalse(issuer.logins().signedIn(), "the session at the provider ended too");
    assertFalse(
        ((String) browser.script("return location.href")).contains("state="),
        "the address bar is clean");
    browser.screenshot("logged-out");
    browser.go(app.uri("/#/projects/" + pending.projectId()));
    browser.await("dialog.login-dialog[open]");

    List<Map.Entry<Instant, String>> network = browser.networkSinceLastRead();
    assertTrue(
        network.stream()
            .anyMatch(
                event -> event.getKey().isBefore(loggingOut) && event.getValue().contains(token)),
        "the token was sent before: the log shows what the page sends");
    assertEquals(
        List.of(),
        network.stream()
            .filter(
                event -> !event.getKey().isBefore(loggingOut) && event.getValue().contains(token))
            .map(Map.Entry::getValue)
            .toList(),
        "nothing carries the old token after the logout");
  }

  @Test
  void theLoginIsRenewedBeforeItsTokenExpiresAndThePageKeepsWorkingPastThatExpiry() {
    // Renewal starts 20 s before expiry: with 30 s tokens, a refresh about every 10 s.
    issuer
        .logins()
        .user("u-val-" + suffix(), "Val Viewer", "vg-devs")
        .accessTokenLifetime(Duration.ofSeconds(30));
    browser = Browser.open("provider-renewal");
    browser.go(app.uri("/"));
    logInAtTheProvider();
    browser.awaitText("#who", "Val Viewer (editor)");
    browser.awaitText("#connection", "connected");
    BrowserLogins.Issued first = last();

    browser.until(driver -> last().grantType().equals("refresh_token") ? true : null);
    assertEquals(first.subject(), last().subject());
    // The first token's expiry: the server refuses it from then on and closes the connection it
    // opened.
    browser.until(driver -> Instant.now().isAfter(first.expiresAt().plusSeconds(1)) ? true : null);
    browser.awaitText("#connection", "connected");
    String name = "Made after the first token expired " + suffix();
    browser.await("input[name=name]").sendKeys(name);
    browser.click("form.create-project button[type=submit]");
    browser.awaitText("h1", name);
    assertTrue(browser.all("dialog.login-dialog[open]").isEmpty(), "no login was asked for");
    assertEquals("Val Viewer (editor)", browser.find("#who").getText());
    assertTrue(
        app.api().client().projects().list(null, null).projects().stream()
            .anyMatch(project -> project.name().equals(name)));
    browser.screenshot("still-working");
  }

  @Test
  void withoutRefreshTokensTheLoginIsRenewedInAHiddenFrameWhileTheProviderSessionLasts() {
    issuer
        .logins()
        .user("u-nora-" + suffix(), "Nora Norefresh", "staff")
        .accessTokenLifetime(Duration.ofSeconds(30))
        .refreshTokens(false);
    String projectName = "Read after the first token expired " + suffix();
    String projectId =
        app.api()
            .client()
            .projects()
            .create(new CreateProjectRequest(projectName, null, null))
            .id();
    // A viewer reads a conversation an editor started.
    Runs.openSession(app.api(), projectId);
    browser = Browser.open("provider-frame-renewal");
    browser.go(app.uri("/"));
    logInAtTheProvider();
    browser.awaitText("#who", "Nora Norefresh (viewer)");
    BrowserLogins.Issued first = last();
    int issued = issuer.logins().issued().size();

    // A second code, asked for with prompt=none from a hidden frame and exchanged by the page.
    browser.until(driver -> issuer.logins().issued().size() > issued ? true : null);
    assertEquals("authorization_code", last().grantType());
    browser.until(driver -> Instant.now().isAfter(first.expiresAt().plusSeconds(1)) ? true : null);
    browser.click("li.project-item[data-project-id='" + projectId + "'] a.name");
    browser.awaitText("h1", projectName);
    browser.present(".code-view code[data-code]");
    browser.awaitText("#connection", "connected");
    assertTrue(browser.all("dialog.login-dialog[open]").isEmpty(), "no login was asked for");
    assertEquals("Nora Norefresh (viewer)", browser.find("#who").getText());
    assertEquals(
        "/",
        browser.script("return location.pathname + location.search"),
        "the frame's answer never reached the address bar");
    browser.screenshot("still-working");
  }

  @Test
  void whenTheProviderSessionEndsTheLoginComesBackOverThePageAndWhatWasTypedIsKept() {
    issuer
        .logins()
        .user("u-rita-" + suffix(), "Rita Reviewer", "vg-reviewers")
        .accessTokenLifetime(Duration.ofSeconds(22));
    Pending pending = projectWithPendingDiff();
    browser = Browser.open("provider-expiry");
    browser.go(app.uri("/#/projects/" + pending.projectId()));
    logInAtTheProvider();
    browser.awaitText("#who", "Rita Reviewer (reviewer)");
    awaitProject(pending);
    browser.find("textarea[name=prompt]").sendKeys("half a thought");
    issuer.logins().endSession();

    browser.await("dialog.login-dialog[open]");
    browser.awaitText("dialog .login-notice", "expired");
    browser.screenshot("expired");
    assertEquals(
        "half a thought",
        browser.find("textarea[name=prompt]").getAttribute("value"),
        "what was typed is kept");
    int issued = issuer.logins().issued().size();
    browser.click("dialog button.provider-login");
    browser.until(driver -> browser.all("dialog.login-dialog[open]").isEmpty() ? true : null);
    assertEquals(
        "authorization_code",
        issuer.logins().issued().get(issued).grantType(),
        "a new login, in a popup");
    browser.awaitText("#who", "Rita Reviewer (reviewer)");
    browser.awaitText("#connection", "connected");
    assertEquals("half a thought", browser.find("textarea[name=prompt]").getAttribute("value"));
    assertEquals(1, browser.windows(), "the popup closed itself");
  }

  @Test
  void aPastedTokenStillLogsInAndAViewerIsNotOfferedApproval() {
    Pending pending = projectWithPendingDiff();
    String viewer =
        app.api()
            .client()
            .tokens()
            .issue(new TokenRequest("viewer " + suffix(), "viewer", null))
            .token();
    browser = Browser.open("provider-token-login");
    browser.go(app.uri("/#/projects/" + pending.projectId()));
    browser.await("dialog.login-dialog[open]");
    browser.find("dialog input[name=token]").sendKeys(viewer);
    browser.click("dialog button[type=submit]");
    browser.awaitText("#who", "(viewer)");
    awaitProject(pending);
    browser.await(".review-panel .diff");
    for (String control :
        List.of("button.approve", "button.commit", "button.reject", "textarea[name=prompt]")) {
      assertFalse(browser.find(control).isDisplayed(), control + " is not offered to a viewer");
    }
    browser.click("#logout");
    browser.await("dialog.login-dialog[open]");
    assertEquals(
        null,
        browser.script("return sessionStorage.getItem('vibegrapher.token')"),
        "the token is forgotten");
  }

  /**
   * Goes to the provider and back, and waits for the page to exchange the code: only then has the
   * page stopped navigating, so nothing read from it belongs to the page that left.
   */
  private void logInAtTheProvider() {
    int issued = issuer.logins().issued().size();
    browser.click("dialog.login-dialog[open] button.provider-login");
    browser.until(driver -> issuer.logins().issued().size() > issued ? true : null);
  }

  private BrowserLogins.Issued last() {
    List<BrowserLogins.Issued> issued = issuer.logins().issued();
    assertFalse(issued.isEmpty(), "the provider issued no token");
    return issued.get(issued.size() - 1);
  }

  record Pending(String projectId, String name, String sessionId, String diffId) {}

  /**
   * A project whose session holds a diff the evaluator approved, made through the API as the
   * operator.
   */
  private Pending projectWithPendingDiff() {
    Api api = app.api();
    String projectId = Runs.newProject(api, DashboardIT.DEFAULT_CODE);
    String sessionId = Runs.openSession(api, projectId);
    fake.script(SharedFake.CODER_MODEL)
        .functionCall("submit_patch", submitPatch(DashboardIT.GREETING_PATCH, "Warmer greeting"));
    fake.script(SharedFake.EVALUATOR_MODEL)
        .structured(verdict(true, "Only the greeting changes.", "Warmer greeting, please"));
    Vibegrapher client = api.client();
    client.sessions().send(sessionId, new SendMessageRequest("Make the greeting warmer"));
    long deadline = System.nanoTime() + Browser.PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      List<DiffView> waiting = client.sessions().pendingDiffs(sessionId);
      if (waiting.size() == 1) {
        return new Pending(
            projectId, client.projects().get(projectId).name(), sessionId, waiting.get(0).id());
      }
      pause();
    }
    throw new AssertionError("no pending diff in session " + sessionId);
  }

  private void awaitProject(Pending pending) {
    browser.awaitText("h1", pending.name());
    browser.await(".message[data-type=outcome]");
    browser.awaitText("#connection", "connected");
  }

  private static String suffix() {
    return UUID.randomUUID().toString().substring(0, 6);
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
