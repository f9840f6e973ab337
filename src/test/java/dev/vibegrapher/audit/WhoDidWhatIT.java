package dev.vibegrapher.audit;

import static dev.vibegrapher.support.Runs.framesUntilEnd;
import static dev.vibegrapher.support.Runs.ofType;
import static dev.vibegrapher.support.Runs.submitPatch;
import static dev.vibegrapher.support.Runs.verdict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibegrapher.client.AuditApi;
import dev.vibegrapher.client.DiffsApi;
import dev.vibegrapher.client.ProblemException;
import dev.vibegrapher.client.Vibegrapher;
import dev.vibegrapher.client.audit.AuditEntryView;
import dev.vibegrapher.client.audit.AuditPageView;
import dev.vibegrapher.client.identity.IssuedTokenResponse;
import dev.vibegrapher.client.identity.Person;
import dev.vibegrapher.client.identity.TokenRequest;
import dev.vibegrapher.client.project.CommitResponse;
import dev.vibegrapher.client.project.TestCaseRequest;
import dev.vibegrapher.client.review.CommitRequest;
import dev.vibegrapher.client.review.DiffView;
import dev.vibegrapher.client.review.ReviewRequest;
import dev.vibegrapher.client.review.ReviewResponse;
import dev.vibegrapher.client.session.MessageView;
import dev.vibegrapher.support.AcrossDatabases;
import dev.vibegrapher.support.Api;
import dev.vibegrapher.support.FakeOpenAi;
import dev.vibegrapher.support.Flavor;
import dev.vibegrapher.support.GitRemote;
import dev.vibegrapher.support.RunningApp;
import dev.vibegrapher.support.Runs;
import dev.vibegrapher.support.TestIssuer;
import dev.vibegrapher.support.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Who did what, through the real app with the organisation's provider (the test issuer): the person
 * behind each prompt and decision is on the message, the diff, the frames a second dashboard sees,
 * the commit in git (author: the human; committer: Vibegrapher; the coder in a Co-authored-by
 * trailer) and in the audit log an admin pages through. Both databases: the people and the log are
 * rows.
 */
class WhoDidWhatIT {

  private static final String CODER = "audit-coder";
  private static final String EVALUATOR = "audit-evaluator";
  private static final String CODE = "x = 1\ny = 2\n";
  private static final String PATCH = "@@ -1,2 +1,2 @@\n-x = 1\n+x = 10\n y = 2\n";
  private static final Duration RUN = Duration.ofSeconds(60);

  private static TestIssuer issuer;
  private static FakeOpenAi fake;
  private static final Map<Flavor, RunningApp> APPS = new EnumMap<>(Flavor.class);

  @BeforeAll
  static void startProviderAndFake() {
    issuer = TestIssuer.start();
    fake = FakeOpenAi.start();
  }

  @AfterAll
  static void stop() {
    APPS.values().forEach(RunningApp::close);
    fake.close();
    issuer.close();
  }

  private static RunningApp app(Flavor flavor) {
    return APPS.computeIfAbsent(
        flavor,
        f -> {
          Map<String, String> settings =
              new HashMap<>(
                  Map.of(
                      "OPENAI_API_KEY",
                      "test-key-not-a-secret",
                      "OPENAI_BASE_URL",
                      fake.baseUrl(),
                      "VIBEGRAPHER_CODER_MODEL",
                      CODER,
                      "VIBEGRAPHER_EVALUATOR_MODEL",
                      EVALUATOR));
          settings.putAll(issuer.appSettings());
          return RunningApp.prepare("who-did-what-" + f.name().toLowerCase(), f, settings).start();
        });
  }

  private static Api person(RunningApp app, String subject, String name, String role) {
    return app.api()
        .withBearer(
            issuer.token(subject).name(name).email(subject + "@example.com").groups(role).signed());
  }

  @AcrossDatabases
  void everyDecisionNamesItsPersonInTheApiTheFramesGitAndTheAuditLog(Flavor flavor)
      throws Exception {
    RunningApp app = app(flavor);
    Api eddie = person(app, "eddie", "Eddie Editor", "editor");
    Api rita = person(app, "rita", "Rita Reviewer", "reviewer");
    Api ada = person(app, "ada", "Ada Admin", "admin");

    String projectId = Runs.newProject(eddie, CODE);
    String sessionId = Runs.openSession(eddie, projectId);
    Vibegrapher eddies = eddie.client();
    Vibegrapher ritas = rita.client();
    DiffsApi ritasDiffs = ritas.diffs();
    eddies.testCases().create(projectId, new TestCaseRequest("x is ten", "assert x == 10\n", null));
    String diffId;
    String sha;
    try (WsClient watcher =
        WsClient.connect(
            app, true, issuer.token("val").name("Val Viewer").groups("viewer").signed())) {
      watcher.subscribe(projectId);
      watcher.nextOfType("subscribed");

      diffId = proposedDiff(eddie, watcher, sessionId);
      List<MessageView> messages = eddies.sessions().messages(sessionId);
      MessageView prompt = messages.get(0);
      assertEquals("user", prompt.role());
      assertPerson(prompt.author(), "Eddie Editor", "eddie@example.com");
      MessageView agentStep = messages.get(1);
      assertNull(agentStep.author(), "an agent's step has no human author: " + agentStep);

      DiffView approved = ritasDiffs.review(diffId, new ReviewRequest(true, null)).diff();
      assertPerson(approved.reviewedBy(), "Rita Reviewer", "rita@example.com");
      assertNotNull(approved.reviewedAt());
      JsonNode approvedFrame =
          watcher.nextMatching(
              f ->
                  f.path("type").asText().equals("diff_updated")
                      && f.path("data")
                          .path("diff")
                          .path("status")
                          .asText()
                          .equals("human_approved"),
              RUN);
      assertPerson(approvedFrame.get("data").get("actor"), "Rita Reviewer", "rita@example.com");

      DiffView tested = eddies.diffs().runTests(diffId);
      assertPerson(tested.testsRunBy(), "Eddie Editor", "eddie@example.com");
      JsonNode testCompleted =
          watcher.nextMatching(f -> f.path("type").asText().equals("test_completed"), RUN);
      assertEquals(
          "passed", testCompleted.get("data").get("status").asText(), testCompleted.toString());
      assertPerson(testCompleted.get("data").get("actor"), "Eddie Editor", "eddie@example.com");

      DiffView committed = ritasDiffs.commit(diffId, new CommitRequest(null));
      assertEquals("committed", committed.status(), committed.toString());
      assertPerson(committed.committedBy(), "Rita Reviewer", "rita@example.com");
      sha = committed.committedSha();
      // In the order published: the diff's new state, then the code.
      JsonNode committedFrame =
          watcher.nextMatching(
              f ->
                  f.path("type").asText().equals("diff_updated")
                      && f.path("data").path("diff").path("status").asText().equals("committed"),
              RUN);
      assertPerson(
          committedFrame.get("data").get("diff").get("committed_by"),
          "Rita Reviewer",
          "rita@example.com");
      assertPerson(committedFrame.get("data").get("actor"), "Rita Reviewer", "rita@example.com");
      JsonNode codeChanged =
          watcher.nextMatching(f -> f.path("type").asText().equals("code_changed"), RUN);
      assertEquals(sha, codeChanged.get("data").get("commit").asText());
      assertEquals("commit", codeChanged.get("data").get("kind").asText());
      assertPerson(codeChanged.get("data").get("actor"), "Rita Reviewer", "rita@example.com");

      List<CommitResponse> history = eddies.projects().commits(projectId, null, null, null);
      assertEquals(2, history.size(), history.toString());
      assertEquals(sha, history.get(0).sha(), "newest first");
      assertEquals("Rita Reviewer", history.get(0).authorName());
      assertEquals("rita@example.com", history.get(0).authorEmail());
      assertTrue(history.get(0).message().startsWith("Make x ten"), history.toString());
      assertTrue(
          history.get(0).message().endsWith("\n\nCo-authored-by: VibeCoder <vibecoder@localhost>"),
          history.toString());
      assertEquals(
          "Vibegrapher", history.get(1).authorName(), "the initial commit is the server's");
      List<CommitResponse> older = eddies.projects().commits(projectId, null, 1, sha);
      assertEquals(history.get(1).sha(), older.get(0).sha(), "the next page starts below before");
      assertGitNamesThePeople(app, projectId, sha);

      // A token Rita made acts as Rita, with her email: the revert is hers.
      IssuedTokenResponse issued =
          ritas.tokens().issue(new TokenRequest("rita's script", "reviewer", null));
      DiffView reverted = app.api().withBearer(issued.token()).client().diffs().revert(diffId);
      assertEquals("reverted", reverted.status(), reverted.toString());
      assertPerson(reverted.revertedBy(), "Rita Reviewer", "rita@example.com");
      JsonNode revertChanged =
          watcher.nextMatching(f -> f.path("type").asText().equals("code_changed"), RUN);
      assertEquals("revert", revertChanged.get("data").get("kind").asText());
      assertPerson(revertChanged.get("data").get("actor"), "Rita Reviewer", "rita@example.com");
      assertEquals(
          "Rita Reviewer", eddies.projects().commits(projectId, null, 1, null).get(0).authorName());
      ritas.tokens().revoke(issued.id());

      // A rejection's new attempt is the reviewer's prompt.
      String second = proposedDiff(eddie, watcher, sessionId);
      fake.script(CODER).text("Understood.");
      ReviewResponse rejection = ritasDiffs.review(second, new ReviewRequest(false, "Use eleven"));
      assertPerson(rejection.diff().reviewedBy(), "Rita Reviewer", "rita@example.com");
      String retryRun = rejection.runId();
      framesUntilEnd(watcher, retryRun, RUN);
      MessageView retryPrompt = promptOf(eddies, sessionId, retryRun);
      assertPerson(retryPrompt.author(), "Rita Reviewer", "rita@example.com");
    }

    ProblemException forbidden =
        assertThrows(ProblemException.class, () -> ritas.audit().page(null, null, null));
    assertEquals(403, forbidden.status(), "only admins read the audit log");
    assertEquals("admin", forbidden.string("role_needed").orElseThrow());

    AuditApi audit = ada.client().audit();
    List<AuditEntryView> entries = allPages(audit, 2, projectId);
    List<String> actions =
        entries.stream().map(e -> e.action() + " by " + e.actor().name()).toList();
    assertEquals(
        List.of(
            "prompt.sent by Rita Reviewer",
            "diff.rejected by Rita Reviewer",
            "prompt.sent by Eddie Editor",
            "diff.reverted by Rita Reviewer",
            "diff.committed by Rita Reviewer",
            "tests.run by Eddie Editor",
            "diff.approved by Rita Reviewer",
            "prompt.sent by Eddie Editor",
            "test_case.saved by Eddie Editor",
            "session.created by Eddie Editor",
            "project.created by Eddie Editor"),
        actions,
        "newest first, every page once");
    AuditEntryView commitEntry = entries.get(4);
    assertEquals("rita", commitEntry.actor().subject());
    assertEquals("reviewer", commitEntry.actor().role());
    assertEquals(diffId, commitEntry.targetId());
    assertTrue(
        commitEntry
            .summary()
            .startsWith("Committed " + sha.substring(0, 7) + " on main: Make x ten"),
        commitEntry.toString());
    assertEquals(entries, allPages(audit, 200, projectId), "the pages add up to the whole");

    List<String> tokenActions =
        allPages(audit, 50, null).stream()
            .filter(e -> e.actor().subject().equals("rita") && e.action().startsWith("token."))
            .map(AuditEntryView::action)
            .toList();
    assertEquals(List.of("token.revoked", "token.created"), tokenActions.subList(0, 2));

    ada.client().projects().delete(projectId);
    AuditEntryView deletion = audit.page(1, null, projectId).entries().get(0);
    assertEquals(
        "project.deleted",
        deletion.action(),
        "the log outlives the project, and says who deleted it");
    assertEquals("Ada Admin", deletion.actor().name());

    ProblemException badCursor =
        assertThrows(ProblemException.class, () -> audit.page(null, "bm90LWEtY3Vyc29y", null));
    assertEquals(400, badCursor.status());
    assertEquals("invalid-cursor", badCursor.kind());
    assertEquals(
        400, assertThrows(ProblemException.class, () -> audit.page(0, null, null)).status());
    // Raw: a limit that is no number at all, which the typed client cannot send.
    assertEquals(400, ada.get("/api/audit?limit=many").status());
  }

  private static String proposedDiff(Api api, WsClient watcher, String sessionId) {
    fake.script(CODER).functionCall("submit_patch", submitPatch(PATCH, "x ten"));
    fake.script(EVALUATOR).structured(verdict(true, "Good", "Make x ten"));
    String runId = Runs.start(api, sessionId, "x ten").runId();
    List<JsonNode> frames = framesUntilEnd(watcher, runId, RUN);
    return ofType(frames, "diff_created").get(0).get("diff").get("id").asText();
  }

  private static MessageView promptOf(Vibegrapher api, String sessionId, String runId) {
    for (MessageView message : api.sessions().messages(sessionId)) {
      if (runId.equals(message.runId()) && message.role().equals("user")) {
        return message;
      }
    }
    throw new AssertionError("no prompt of run " + runId);
  }

  /** Every entry, page by page from the first, following next_cursor. */
  private static List<AuditEntryView> allPages(AuditApi audit, int limit, String projectId) {
    List<AuditEntryView> entries = new ArrayList<>();
    String cursor = null;
    while (true) {
      AuditPageView page = audit.page(limit, cursor, projectId);
      entries.addAll(page.entries());
      if (page.nextCursor() == null) {
        return entries;
      }
      cursor = page.nextCursor();
    }
  }

  private static void assertPerson(Person person, String name, String email) {
    assertNotNull(person, "a person is named");
    assertEquals(name, person.name(), person.toString());
    assertEquals(email, person.email(), person.toString());
  }

  private static void assertPerson(JsonNode person, String name, String email) {
    assertNotNull(person, "a person is named");
    assertEquals(name, person.path("name").asText(), person.toString());
    assertEquals(email, person.path("email").asText(), person.toString());
  }

  /**
   * The repository itself, read with git: author the human, committer the server, the coder in the
   * trailer.
   */
  private static void assertGitNamesThePeople(RunningApp app, String projectId, String sha)
      throws Exception {
    String slug = app.api().client().projects().get(projectId).slug();
    try (Git git = GitRemote.open(app, slug)) {
      RevCommit commit = git.getRepository().parseCommit(git.getRepository().resolve(sha));
      assertEquals("Rita Reviewer", commit.getAuthorIdent().getName());
      assertEquals("rita@example.com", commit.getAuthorIdent().getEmailAddress());
      assertEquals("Vibegrapher", commit.getCommitterIdent().getName());
      assertFalse(
          commit.getFooterLines("Co-authored-by").isEmpty(),
          "git reads the trailer: " + commit.getFullMessage());
      assertEquals(
          "VibeCoder <vibecoder@localhost>", commit.getFooterLines("Co-authored-by").get(0));
    }
  }
}
