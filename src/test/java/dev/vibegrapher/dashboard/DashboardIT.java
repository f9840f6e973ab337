package dev.vibegrapher.dashboard;

import static dev.vibegrapher.support.Runs.submitPatch;
import static dev.vibegrapher.support.Runs.verdict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vibegrapher.client.ProblemException;
import dev.vibegrapher.client.Vibegrapher;
import dev.vibegrapher.client.identity.TokenRequest;
import dev.vibegrapher.client.project.CreateProjectRequest;
import dev.vibegrapher.client.project.ProjectResponse;
import dev.vibegrapher.client.project.TestCaseRequest;
import dev.vibegrapher.client.review.CommitRequest;
import dev.vibegrapher.client.review.DiffView;
import dev.vibegrapher.client.review.ReviewRequest;
import dev.vibegrapher.client.session.CreateSessionRequest;
import dev.vibegrapher.client.session.MessageView;
import dev.vibegrapher.client.session.SendMessageRequest;
import dev.vibegrapher.support.AcrossDatabases;
import dev.vibegrapher.support.Api;
import dev.vibegrapher.support.Browser;
import dev.vibegrapher.support.FakeOpenAi;
import dev.vibegrapher.support.Flavor;
import dev.vibegrapher.support.GitRemote;
import dev.vibegrapher.support.RunningApp;
import dev.vibegrapher.support.Runs;
import dev.vibegrapher.support.SharedApps;
import dev.vibegrapher.support.SharedFake;
import dev.vibegrapher.support.TcpProxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The dashboard in a real headless Chromium, against the running app and the fake OpenAI server, on
 * each database: what the page shows is what the database kept.
 */
class DashboardIT {

  static final String GREETING_PATCH =
      """
      @@ -1,2 +1,2 @@
       def greet(name):
      -    return f"Hello, {name}!"
      +    return f"Hello there, {name}!"
      """;
  static final String PATCHED_LINE = "return f\"Hello there, {name}!\"";

  private RunningApp app;
  private Api api;
  private Vibegrapher client;
  private final FakeOpenAi fake = SharedFake.fake();
  private Browser browser;

  /** The shared app of the database the test runs on. */
  private void use(Flavor flavor) {
    app = SharedApps.of(flavor);
    api = app.api();
    client = api.client();
  }

  @BeforeEach
  void freshScripts() {
    fake.reset();
  }

  @AfterEach
  void noScriptErrors() {
    if (browser != null) {
      List<String> errors = browser.scriptErrors();
      browser.close();
      assertEquals(List.of(), errors, "the page threw");
    }
  }

  @AcrossDatabases
  void aPromptBecomesACommitThroughTheDashboard(Flavor flavor) throws Exception {
    use(flavor);
    browser = Browser.open("prompt-to-commit").loggedInWith(app.adminToken());
    browser.go(app.uri("/"));
    String name = "Dashboard demo " + suffix();
    browser.await("input[name=name]").sendKeys(name);
    browser.find("input[name=filename]").sendKeys("greet.py");
    browser.screenshot("projects");
    browser.click("form.create-project button[type=submit]");
    browser.until(driver -> driver.getCurrentUrl().contains("#/projects/"));
    String projectId =
        browser.until(driver -> driver.getCurrentUrl()).replaceAll(".*#/projects/", "");
    ProjectResponse project = client.projects().get(projectId);
    assertEquals("greet.py", project.filename());

    client
        .testCases()
        .create(
            projectId,
            new TestCaseRequest(
                "greets warmly", "assert greet('Ada') == 'Hello there, Ada!'", true));
    browser.reload();
    awaitProject(name);
    assertTrue(browser.find(".code-view code").getText().contains("return f\"Hello, {name}!\""));
    assertEquals(
        project.currentCommit().substring(0, 8), browser.find(".code-meta .commit").getText());
    assertEquals("main", browser.find(".code-meta .branch").getText());
    browser.awaitText(".test-list li", "greets warmly");
    browser.awaitText("#connection", "heartbeat");

    FakeOpenAi.Hold evaluatorThinks = new FakeOpenAi.Hold();
    fake.script(SharedFake.CODER_MODEL)
        .reply(
            reply ->
                reply
                    .text("I will make the greeting warmer by changing the returned text.")
                    .functionCall("submit_patch", submitPatch(GREETING_PATCH, "Warmer greeting"))
                    .eventGap(Duration.ofMillis(150)));
    fake.script(SharedFake.EVALUATOR_MODEL)
        .holdUntil(evaluatorThinks)
        .structured(
            verdict(
                true, "The greeting changes and nothing else does.", "Make the greeting warmer"));
    sendWithKeyboard("Make the greeting warmer");

    browser.await(".message.streaming");
    browser.screenshot("coder-streaming");
    browser.awaitText(".progress", "Evaluator is reviewing · round 1 of 3");
    browser.await(".message[data-type=tool_call] .patch-preview");
    browser.screenshot("evaluator-reviewing");
    evaluatorThinks.release();

    browser.awaitText(".review-panel .reasoning", "The greeting changes and nothing else does.");
    assertTrue(browser.find("#panel-review").isDisplayed());
    browser.awaitText(".review-panel .diff tr.add", PATCHED_LINE);
    assertEquals("Make the greeting warmer", browser.find(".commit-message").getAttribute("value"));
    browser.until(driver -> browser.find(".progress").getText().isEmpty() ? true : null);
    assertEquals(
        0,
        browser.all(".message.streaming").size(),
        "the streamed text was replaced by the stored message");
    browser.awaitText(
        ".message[data-agent=vibecoder][data-type=text] .content",
        "I will make the greeting warmer");
    browser.awaitText(".message[data-agent=evaluator] .badge.tokens", "120 tokens");
    browser.awaitText(".token-total", "240 tokens this session");
    browser.screenshot("review-opened");

    browser.click("button.run-tests");
    browser.awaitText(".tests li[data-status=passed]", "greets warmly");
    browser.screenshot("tests-passed");

    browser.click("button.approve");
    browser.awaitText(".review-panel .badge.status", "human approved");
    WebElement message = browser.find(".commit-message");
    message.clear();
    message.sendKeys("Greet more warmly");
    browser.click("button.commit");
    browser.awaitText(".review-panel .notice", "Administrator committed");
    browser.awaitText(".code-view code", PATCHED_LINE);
    ProjectResponse committed = client.projects().get(projectId);
    assertTrue(committed.currentCode().contains(PATCHED_LINE));
    browser.awaitText(".code-meta .commit", committed.currentCommit().substring(0, 8));
    try (Git git = GitRemote.open(app, committed.slug())) {
      assertEquals(
          "Greet more warmly\n\nCo-authored-by: VibeCoder <vibecoder@localhost>",
          git.log().call().iterator().next().getFullMessage());
    }
    browser.screenshot("committed");
  }

  @AcrossDatabases
  void rejectingWithFeedbackStartsANewAttempt(Flavor flavor) {
    use(flavor);
    Pending pending = projectWithPendingDiff();
    browser = Browser.open("reject-with-feedback").loggedInWith(app.adminToken());
    openProject(pending);
    browser.await(".review-panel .diff");
    browser.click("button.reject");
    browser.awaitText(".review-panel .notice", "Say what should change");
    assertEquals(
        "evaluator_approved",
        client.diffs().get(pending.diffId()).status(),
        "nothing was sent without feedback");

    fake.script(SharedFake.CODER_MODEL)
        .text("Then I keep the greeting short: no change is needed.");
    browser.find("textarea.feedback").sendKeys("Keep it short instead");
    browser.screenshot("feedback-written");
    browser.click("button.reject");
    browser.awaitText(".review-panel .notice", "a new attempt is under way");
    browser.awaitText(".message[data-agent=user] .content", "Keep it short instead");
    browser.awaitText(".message[data-agent=vibecoder] .content", "no change is needed");
    assertEquals("human_rejected", client.diffs().get(pending.diffId()).status());
    assertTrue(
        browser.all(".review-panel .diff").isEmpty(), "the rejected diff stays out of the review");
    browser.awaitText(".review-panel .notice", "a new attempt is under way");
    assertEquals(
        2,
        browser.all(".message[data-agent=user]").size(),
        "the first prompt and the new attempt's");
    browser.screenshot("new-attempt");
  }

  @AcrossDatabases
  void aReloadInTheMiddleOfAReviewRestoresIt(Flavor flavor) {
    use(flavor);
    Pending pending = projectWithPendingDiff();
    browser = Browser.open("reload-during-review").loggedInWith(app.adminToken());
    openProject(pending);
    browser.click("button.approve");
    browser.awaitText(".review-panel .badge.status", "human approved");
    List<String> before = messageIds();

    browser.reload();
    awaitProject(pending.name());
    browser.awaitText(".review-panel .badge.status", "human approved");
    browser.awaitText(".review-panel .diff tr.add", PATCHED_LINE);
    assertEquals("Warmer greeting, please", browser.find(".commit-message").getAttribute("value"));
    assertEquals(before, messageIds());
    assertEquals(client.sessions().messages(pending.sessionId()).size(), before.size());
    browser.screenshot("review-restored");

    fake.script(SharedFake.EVALUATOR_MODEL)
        .structured(
            Api.json(
                Map.of("commit_message", "Greet warmly\n\nFriendlier words for every caller.")));
    browser.find(".refine-hint").sendKeys("say who benefits");
    browser.click("button.refine");
    browser.until(
        driver ->
            browser.find(".commit-message").getAttribute("value").startsWith("Greet warmly")
                ? true
                : null);
    assertTrue(
        fake.requestsFor(SharedFake.EVALUATOR_MODEL)
            .get(1)
            .inputText()
            .contains("say who benefits"));

    // Tests started by someone else (a script, another dashboard) show up here through the live
    // events.
    client
        .testCases()
        .create(
            pending.projectId(),
            new TestCaseRequest("still greets", "assert 'Ada' in greet('Ada')", null));
    client.diffs().runTests(pending.diffId());
    browser.awaitText(".tests li[data-status=passed]", "still greets");
    browser.screenshot("refined-and-tested");
  }

  @AcrossDatabases
  void decisionsMadeElsewhereShowHere(Flavor flavor) {
    use(flavor);
    Pending pending = projectWithPendingDiff();
    browser = Browser.open("decided-elsewhere").loggedInWith(app.adminToken());
    openProject(pending);
    browser.awaitText(".review-panel .badge.status", "evaluator approved");

    // Another dashboard or a script approves, then commits.
    client.diffs().review(pending.diffId(), new ReviewRequest(true, null));
    browser.awaitText(".review-panel .badge.status", "human approved");
    assertTrue(browser.find("button.commit").isEnabled(), "committing is offered once approved");
    String sha = client.diffs().commit(pending.diffId(), new CommitRequest(null)).committedSha();
    // Who decided is named: the operator's admin token acts as "Administrator".
    browser.awaitText(".review-panel .notice", "Administrator committed " + sha.substring(0, 8));
    browser.awaitText(".review-panel .empty", "No diff is waiting");
    browser.awaitText(".code-view code", PATCHED_LINE);
    browser.awaitText(".code-panel .last-change", "Administrator committed " + sha.substring(0, 8));
    WebElement newest =
        browser.awaitText(".code-panel .history li[data-sha='" + sha + "']", "Administrator");
    assertEquals(
        browser.all(".code-panel .history li").get(0), newest, "the history is newest first");
    browser.screenshot("committed-elsewhere");

    // The session is cleared elsewhere and a new conversation starts there: this page follows it.
    client.sessions().delete(pending.sessionId());
    String newSession = Runs.openSession(api, pending.projectId());
    fake.script(SharedFake.CODER_MODEL).text("A fresh start it is.");
    send(newSession, "Start over, please");
    browser.awaitText(".message[data-agent=vibecoder] .content", "A fresh start it is.");
    browser.until(driver -> browser.all(".message[data-agent=user]").size() == 1 ? true : null);
    browser.awaitText(".message[data-agent=user] .content", "Start over, please");
    browser.screenshot("session-followed");
  }

  @AcrossDatabases
  void aRetriedCallsTextReplacesTheAbandonedAttemptsInsteadOfAddingToIt(Flavor flavor) {
    use(flavor);
    String project = Runs.newProject(api, "x = 1\n");
    String session = Runs.openSession(api, project);
    FakeOpenAi.Hold retry = new FakeOpenAi.Hold();
    fake.script(SharedFake.CODER_MODEL)
        .reply(
            r ->
                r.text("Abandoned half answer that must vanish.")
                    .eventGap(Duration.ofMillis(60))
                    .breakStream(FakeOpenAi.StreamBreak.CONNECTION_CUT))
        .reply(
            r ->
                r.text("The final answer arrives in pieces.")
                    .holdUntil(retry)
                    .eventGap(Duration.ofMillis(800)));
    browser = Browser.open("retried-stream").loggedInWith(app.adminToken());
    browser.go(app.uri("/#/projects/" + project));
    browser.awaitText("#connection", "connected");
    send(session, "What is x?");
    retry.awaitHeld(1, Browser.PATIENCE);
    browser.awaitText(".message.streaming .content", "Abandoned");

    retry.release();
    browser.until(
        driver -> {
          String shown = browser.find(".message.streaming .content").getText();
          return shown.startsWith("The final") ? shown : null;
        });
    assertFalse(
        browser.find(".message.streaming .content").getText().contains("Abandoned"),
        "replaced, not appended");
    browser.screenshot("retried-stream");
    browser.until(driver -> browser.all(".message.streaming").isEmpty() ? true : null);
    List<WebElement> answers =
        browser.all(".message[data-agent=vibecoder][data-type=text] .content");
    assertEquals(
        List.of("The final answer arrives in pieces."),
        answers.stream().map(WebElement::getText).toList());
  }

  @AcrossDatabases
  void missedMessagesAppearOnceWhenTheConnectionComesBack(Flavor flavor) {
    use(flavor);
    Pending pending = projectWithPendingDiff();
    try (TcpProxy line = TcpProxy.to(app.port())) {
      browser = Browser.open("connection-drop").loggedInWith(app.adminToken());
      browser.go(
          java.net.URI.create(
              "http://127.0.0.1:" + line.port() + "/#/projects/" + pending.projectId()));
      awaitProject(pending.name());
      browser.awaitText("#connection", "connected");
      int shown = messageIds().size();

      line.cut();
      browser.until(
          driver ->
              List.of("reconnecting", "offline")
                      .contains(browser.find("#connection").getAttribute("data-state"))
                  ? true
                  : null);
      browser.screenshot("connection-lost");
      fake.script(SharedFake.CODER_MODEL).text("Answered while the dashboard was away.");
      client.diffs().review(pending.diffId(), new ReviewRequest(false, "Explain it instead"));
      awaitRunEnded(pending.sessionId(), shown);
      int stored = client.sessions().messages(pending.sessionId()).size();
      assertTrue(stored > shown);

      line.restore();
      browser.awaitText("#connection", "connected");
      browser.awaitText(
          ".message[data-agent=vibecoder] .content", "Answered while the dashboard was away.");
      browser.until(driver -> messageIds().size() == stored ? true : null);
      List<String> ids = messageIds();
      assertEquals(ids.stream().distinct().count(), ids.size(), "no message twice");
      assertEquals(
          client.sessions().messages(pending.sessionId()).stream().map(MessageView::id).toList(),
          ids);
      browser.awaitText(".review-panel", "No diff is waiting for review.");
      browser.screenshot("caught-up");
    }
  }

  @Test
  void aPhoneWidthScreenShowsOnePanelAtATimeAndNothingOverflows() {
    // Layout and colours only: the page is the same whichever database serves its data, so H2 shows
    // it.
    use(Flavor.H2);
    Pending pending = projectWithPendingDiff();
    browser = Browser.open("screen-widths").loggedInWith(app.adminToken());
    browser.viewport(360, 740);
    openProject(pending);
    assertTrue(browser.find(".tabs").isDisplayed());
    assertTrue(browser.find("#panel-chat").isDisplayed());
    assertFalse(browser.find("#panel-code").isDisplayed());
    assertFalse(browser.find("#panel-review").isDisplayed());
    assertNoHorizontalOverflow(360);
    browser.screenshot("phone-chat");
    browser.click("#tab-review");
    assertTrue(browser.await("#panel-review .diff").isDisplayed());
    assertFalse(browser.find("#panel-chat").isDisplayed());
    assertNoHorizontalOverflow(360);
    browser.screenshot("phone-review");
    browser.click("#tab-code");
    browser.await("#panel-code .code-view");
    assertNoHorizontalOverflow(360);

    for (int width : new int[] {768, 1280, 1920}) {
      browser.viewport(width, 900);
      browser.until(
          driver -> (width > 900) == browser.find("#panel-chat").isDisplayed() ? true : null);
      assertNoHorizontalOverflow(width);
      assertEquals(
          width > 900,
          browser.all(".panels .panel").stream().allMatch(WebElement::isDisplayed),
          "three panels side by side from 901 px");
      browser.screenshot("width-" + width);
    }
  }

  @Test
  void theColoursFollowTheSystemsScheme() {
    // Layout and colours only: the page is the same whichever database serves its data, so H2 shows
    // it.
    use(Flavor.H2);
    Pending pending = projectWithPendingDiff();
    browser = Browser.open("colour-schemes").loggedInWith(app.adminToken());
    browser.colorScheme("dark");
    openProject(pending);
    assertEquals(
        "rgb(15, 19, 24)",
        browser.script("return getComputedStyle(document.body).backgroundColor"));
    browser.screenshot("dark");
    browser.colorScheme("light");
    assertEquals(
        "rgb(246, 247, 249)",
        browser.script("return getComputedStyle(document.body).backgroundColor"));
    browser.screenshot("light");
  }

  /** The server sends a page of projects at a time; older ones are a click away. */
  @AcrossDatabases
  void olderProjectsAreShownOnRequest(Flavor flavor) {
    use(flavor);
    String oldest = "Older " + suffix();
    String oldestId = createProject(oldest);
    for (int i = 0; i < 50; i++) {
      createProject("Newer " + i + " " + suffix());
    }
    browser = Browser.open("older-projects").loggedInWith(app.adminToken());
    browser.go(app.uri("/"));
    browser.await(".project-item");
    assertEquals(50, browser.all(".project-item").size(), "one page");
    assertTrue(browser.all(".project-item[data-project-id='" + oldestId + "']").isEmpty());
    browser.click("button.older-projects");
    browser.awaitText(".project-item[data-project-id='" + oldestId + "']", oldest);
    assertTrue(browser.all(".project-item").size() > 50);
  }

  @AcrossDatabases
  void projectsAreDeletedOnlyAfterConfirmation(Flavor flavor) {
    use(flavor);
    String name = "Short-lived " + suffix();
    String projectId = createProject(name);
    browser = Browser.open("delete-project").loggedInWith(app.adminToken());
    browser.go(app.uri("/"));
    String item = ".project-item[data-project-id='" + projectId + "']";
    browser.awaitText(item, name);
    browser.find(item + " button.danger").click();
    browser.await("dialog[open]");
    browser.screenshot("confirm-delete");
    browser.click("dialog[open] button[value=cancel]");
    assertEquals(projectId, client.projects().get(projectId).id());
    assertEquals(1, browser.all(item).size());

    browser.find(item + " button.danger").click();
    browser
        .await("dialog[open]")
        .findElement(org.openqa.selenium.By.cssSelector("button[value=delete]"))
        .click();
    browser.until(driver -> browser.all(item).isEmpty() ? true : null);
    assertEquals(
        404, assertThrows(ProblemException.class, () -> client.projects().get(projectId)).status());
  }

  @AcrossDatabases
  void failuresAreExplainedInWords(Flavor flavor) {
    use(flavor);
    String projectId = Runs.newProject(api, "x = 1\n");
    String name = client.projects().get(projectId).name();
    browser = Browser.open("failures").loggedInWith(app.adminToken());
    browser.go(app.uri("/#/projects/" + projectId));
    awaitProject(name);

    FakeOpenAi.Hold coderThinks = new FakeOpenAi.Hold();
    fake.script(SharedFake.CODER_MODEL)
        .holdUntil(coderThinks)
        .error(400, "invalid_request_error", "The model refused this request.");
    sendWithKeyboard("First question");
    browser.awaitText(".progress", "VibeCoder is working · round 1 of 3");
    sendWithKeyboard("Second question, too soon");
    browser.awaitText(".chat-panel .notice.error", "A run is already working in this session");
    browser.screenshot("busy");
    coderThinks.release();
    browser.awaitText(".chat-panel .notice.error", "The run failed");
    browser.await(".message[data-type=error]");
    assertEquals("", browser.find(".progress").getText());

    browser.find("textarea[name=prompt]").clear();
    browser.script("arguments[0].value = 'y'.repeat(40000)", browser.find("textarea[name=prompt]"));
    browser.click("button[type=submit]");
    browser.awaitText(".chat-panel .notice.error", "Too large");
    browser.screenshot("too-large");

    browser.click("button.clear-session");
    browser.awaitText(".chat-panel .notice", "Session cleared");
    browser.until(driver -> browser.all(".message").isEmpty() ? true : null);
    browser.awaitText(".token-total", "0 tokens this session");
  }

  @AcrossDatabases
  void aCommitAfterTheBranchMovedIsExplainedWithAWayForward(Flavor flavor) throws Exception {
    use(flavor);
    Pending pending = projectWithPendingDiff();
    browser = Browser.open("head-moved").loggedInWith(app.adminToken());
    openProject(pending);
    browser.click("button.approve");
    browser.awaitText(".review-panel .badge.status", "human approved");
    commitSomeoneElsesChange(pending.projectId());
    browser.click("button.commit");
    browser.awaitText(".review-panel .notice.error", "The branch moved since this diff was made");
    assertTrue(browser.find("textarea.feedback").getAttribute("value").contains("redo the change"));
    assertEquals("human_approved", client.diffs().get(pending.diffId()).status());
    browser.screenshot("head-moved");
  }

  /** A project whose session holds a diff the evaluator approved, made through the API. */
  @AcrossDatabases
  void aPastedTokenLogsInAViewerIsNotOfferedWhatItsRoleForbidsAndLogoutLeaves(Flavor flavor) {
    use(flavor);
    Pending pending = projectWithPendingDiff();
    String viewer = token("viewer", null);
    browser = Browser.open("login-viewer");
    browser.go(app.uri("/#/projects/" + pending.projectId()));
    browser.await("dialog.login-dialog[open]");
    browser.screenshot("login");
    browser.find("dialog input[name=token]").sendKeys("vgp_not-a-token");
    browser.click("dialog button[type=submit]");
    browser.awaitText("dialog .login-error", "not accepted");
    browser.find("dialog input[name=token]").clear();
    browser.find("dialog input[name=token]").sendKeys(viewer);
    browser.click("dialog button[type=submit]");
    browser.awaitText("#who", "(viewer)");
    openProject(pending);
    browser.await(".review-panel .diff");
    browser.screenshot("viewer-review");
    for (String control :
        List.of(
            "button.approve",
            "button.commit",
            "button.reject",
            "button.refine",
            "textarea[name=prompt]",
            "button.clear-session")) {
      assertFalse(browser.find(control).isDisplayed(), control + " is not offered to a viewer");
    }
    assertTrue(browser.find(".review-panel .diff").isDisplayed(), "but the diff is shown");

    browser.click("#logout");
    browser.await("dialog.login-dialog[open]");
    assertEquals("", browser.find("#who").getText());
    assertEquals(
        null,
        browser.script("return sessionStorage.getItem('vibegrapher.token')"),
        "the token is forgotten");
  }

  @AcrossDatabases
  void theLoginLinkLogsInAndLeavesTheAddressBarAndAnExpiredLoginKeepsWhatWasTyped(Flavor flavor) {
    use(flavor);
    Pending pending = projectWithPendingDiff();
    // Long enough for a slow machine to load the page before it expires.
    String shortLived = token("reviewer", java.time.Instant.now().plusSeconds(20));
    browser = Browser.open("login-expiry");
    browser.go(app.uri("/#token=" + shortLived));
    browser.awaitText("#who", "(reviewer)");
    assertFalse(
        ((String) browser.script("return location.href")).contains(shortLived),
        "the token leaves the address bar");
    openProject(pending);
    assertTrue(browser.find("button.approve").isDisplayed(), "a reviewer is offered the review");
    browser.find("textarea[name=prompt]").sendKeys("half a thought");

    browser.await("dialog.login-dialog[open]");
    browser.awaitText("dialog .login-notice", "expired");
    browser.screenshot("expired");
    assertEquals(
        "half a thought",
        browser.find("textarea[name=prompt]").getAttribute("value"),
        "what was typed is kept");
    browser.find("dialog input[name=token]").sendKeys(app.adminToken());
    browser.click("dialog button[type=submit]");
    browser.awaitText("#who", "(admin)");
    browser.awaitText("#connection", "connected");
    assertEquals("half a thought", browser.find("textarea[name=prompt]").getAttribute("value"));
  }

  private String token(String role, java.time.Instant expiresAt) {
    return client
        .tokens()
        .issue(new TokenRequest("dashboard " + role + " " + suffix(), role, expiresAt))
        .token();
  }

  private String createProject(String name) {
    return client.projects().create(new CreateProjectRequest(name, null, null)).id();
  }

  private void send(String sessionId, String prompt) {
    client.sessions().send(sessionId, new SendMessageRequest(prompt));
  }

  /** Another session's diff, made, approved and committed through the API: the branch moves. */
  private void commitSomeoneElsesChange(String projectId) {
    String other =
        client
            .sessions()
            .open(projectId, new CreateSessionRequest("node", "someone-else", null))
            .id();
    fake.script(SharedFake.CODER_MODEL)
        .functionCall("submit_patch", submitPatch(APPENDED_PATCH, "A note at the end"));
    fake.script(SharedFake.EVALUATOR_MODEL)
        .structured(verdict(true, "Only a comment is added.", "Add a note"));
    send(other, "Add a note at the end");
    DiffView diff = awaitPendingDiff(other);
    client.diffs().review(diff.id(), new ReviewRequest(true, null));
    client.diffs().commit(diff.id(), new CommitRequest("Someone else's change"));
  }

  static final String APPENDED_PATCH =
      """
      @@ -1,2 +1,3 @@
       def greet(name):
           return f"Hello, {name}!"
      +# Someone else's note
      """;

  private Pending projectWithPendingDiff() {
    String projectId = Runs.newProject(api, DEFAULT_CODE);
    String sessionId = Runs.openSession(api, projectId);
    fake.script(SharedFake.CODER_MODEL)
        .functionCall("submit_patch", submitPatch(GREETING_PATCH, "Warmer greeting"));
    fake.script(SharedFake.EVALUATOR_MODEL)
        .structured(verdict(true, "Only the greeting changes.", "Warmer greeting, please"));
    send(sessionId, "Make the greeting warmer");
    DiffView diff = awaitPendingDiff(sessionId);
    return new Pending(projectId, client.projects().get(projectId).name(), sessionId, diff.id());
  }

  static final String DEFAULT_CODE = "def greet(name):\n    return f\"Hello, {name}!\"\n";

  record Pending(String projectId, String name, String sessionId, String diffId) {}

  private DiffView awaitPendingDiff(String sessionId) {
    long deadline = System.nanoTime() + Browser.PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      List<DiffView> pending = client.sessions().pendingDiffs(sessionId);
      if (pending.size() == 1) {
        return pending.get(0);
      }
      pause();
    }
    throw new AssertionError("no pending diff in session " + sessionId);
  }

  private void awaitRunEnded(String sessionId, int before) {
    long deadline = System.nanoTime() + Browser.PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      List<MessageView> messages = client.sessions().messages(sessionId);
      if (messages.size() > before
          && messages.get(messages.size() - 1).messageType().equals("outcome")) {
        return;
      }
      pause();
    }
    throw new AssertionError("the run in session " + sessionId + " did not end");
  }

  private void openProject(Pending pending) {
    browser.go(app.uri("/#/projects/" + pending.projectId()));
    awaitProject(pending.name());
    browser.await(".message[data-type=outcome]");
  }

  private void awaitProject(String name) {
    browser.awaitText("h1", name);
    browser.present(".code-view code[data-code]");
    browser.awaitText("#connection", "connected");
  }

  private void sendWithKeyboard(String prompt) {
    WebElement box = browser.find("textarea[name=prompt]");
    box.clear();
    box.sendKeys(prompt);
    box.sendKeys(Keys.chord(Keys.CONTROL, Keys.ENTER));
  }

  @SuppressWarnings("unchecked")
  private List<String> messageIds() {
    return (List<String>)
        browser.script(
            "return [...document.querySelectorAll('article.message')].map(m => m.dataset.messageId)");
  }

  private void assertNoHorizontalOverflow(int width) {
    Number scrollWidth = (Number) browser.script("return document.documentElement.scrollWidth");
    assertTrue(
        scrollWidth.intValue() <= width,
        "page is " + scrollWidth + " px wide in a " + width + " px viewport");
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
