package dev.vibegrapher.audit;

import static dev.vibegrapher.support.Runs.framesUntilEnd;
import static dev.vibegrapher.support.Runs.ofType;
import static dev.vibegrapher.support.Runs.submitPatch;
import static dev.vibegrapher.support.Runs.verdict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibegrapher.support.AcrossDatabases;
import dev.vibegrapher.support.Api;
import dev.vibegrapher.support.FakeOpenAi;
import dev.vibegrapher.support.Flavor;
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
    Api.Reply testCase =
        eddie.post(
            "/api/projects/" + projectId + "/tests",
            Map.of("name", "x is ten", "code", "assert x == 10\n"));
    assertEquals(201, testCase.status(), testCase.body());
    String diffId;
    String sha;
    try (WsClient watcher =
        WsClient.connect(
            app, true, issuer.token("val").name("Val Viewer").groups("viewer").signed())) {
      watcher.subscribe(projectId);
      watcher.nextOfType("subscribed");

      diffId = proposedDiff(eddie, watcher, sessionId);
      JsonNode prompt = eddie.get("/api/sessions/" + sessionId + "/messages").json().get(0);
      assertEquals("user", prompt.get("role").asText());
      assertPerson(prompt.get("author"), "Eddie Editor", "eddie@example.com");
      JsonNode agentStep = eddie.get("/api/sessions/" + sessionId + "/messages").json().get(1);
      assertTrue(
          agentStep.get("author").isNull(), "an agent's step has no human author: " + agentStep);

      JsonNode approved =
          rita.post("/api/diffs/" + diffId + "/review", Map.of("approved", true))
              .json()
              .get("diff");
      assertPerson(approved.get("reviewed_by"), "Rita Reviewer", "rita@example.com");
      assertNotNull(approved.get("reviewed_at").asText());
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

      Api.Reply tests = eddie.post("/api/diffs/" + diffId + "/tests", Map.of());
      assertEquals(200, tests.status(), tests.body());
      assertPerson(tests.json().get("tests_run_by"), "Eddie Editor", "eddie@example.com");
      JsonNode testCompleted =
          watcher.nextMatching(f -> f.path("type").asText().equals("test_completed"), RUN);
      assertEquals(
          "passed", testCompleted.get("data").get("status").asText(), testCompleted.toString());
      assertPerson(testCompleted.get("data").get("actor"), "Eddie Editor", "eddie@example.com");

      JsonNode committed = rita.post("/api/diffs/" + diffId + "/commit", Map.of()).json();
      assertEquals("committed", committed.get("status").asText(), committed.toString());
      assertPerson(committed.get("committed_by"), "Rita Reviewer", "rita@example.com");
      sha = committed.get("committed_sha").asText();
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

      JsonNode history = eddie.get("/api/projects/" + projectId + "/commits").json();
      assertEquals(2, history.size(), history.toString());
      assertEquals(sha, history.get(0).get("sha").asText(), "newest first");
      assertEquals("Rita Reviewer", history.get(0).get("author_name").asText());
      assertEquals("rita@example.com", history.get(0).get("author_email").asText());
      assertTrue(
          history.get(0).get("message").asText().startsWith("Make x ten"), history.toString());
      assertTrue(
          history
              .get(0)
              .get("message")
              .asText()
              .endsWith("\n\nCo-authored-by: VibeCoder <vibecoder@localhost>"),
          history.toString());
      assertEquals(
          "Vibegrapher",
          history.get(1).get("author_name").asText(),
          "the initial commit is the server's");
      JsonNode older =
          eddie.get("/api/projects/" + projectId + "/commits?limit=1&before=" + sha).json();
      assertEquals(
          history.get(1).get("sha").asText(),
          older.get(0).get("sha").asText(),
          "the next page starts below before");
      assertGitNamesThePeople(app, projectId, sha);

      // A token Rita made acts as Rita, with her email: the revert is hers.
      Api.Reply issued =
          rita.post("/api/tokens", Map.of("name", "rita's script", "role", "reviewer"));
      assertEquals(201, issued.status(), issued.body());
      JsonNode reverted =
          app.api()
              .withBearer(issued.json().get("token").asText())
              .post("/api/diffs/" + diffId + "/revert", Map.of())
              .json();
      assertEquals("reverted", reverted.get("status").asText(), reverted.toString());
      assertPerson(reverted.get("reverted_by"), "Rita Reviewer", "rita@example.com");
      JsonNode revertChanged =
          watcher.nextMatching(f -> f.path("type").asText().equals("code_changed"), RUN);
      assertEquals("revert", revertChanged.get("data").get("kind").asText());
      assertPerson(revertChanged.get("data").get("actor"), "Rita Reviewer", "rita@example.com");
      assertEquals(
          "Rita Reviewer",
          eddie
              .get("/api/projects/" + projectId + "/commits?limit=1")
              .json()
              .get(0)
              .get("author_name")
              .asText());
      assertEquals(204, rita.delete("/api/tokens/" + issued.json().get("id").asText()).status());

      // A rejection's new attempt is the reviewer's prompt.
      String second = proposedDiff(eddie, watcher, sessionId);
      fake.script(CODER).text("Understood.");
      JsonNode rejection =
          rita.post(
                  "/api/diffs/" + second + "/review",
                  Map.of("approved", false, "feedback", "Use eleven"))
              .json();
      assertPerson(rejection.get("diff").get("reviewed_by"), "Rita Reviewer", "rita@example.com");
      String retryRun = rejection.get("run_id").asText();
      framesUntilEnd(watcher, retryRun, RUN);
      JsonNode retryPrompt = promptOf(eddie, sessionId, retryRun);
      assertPerson(retryPrompt.get("author"), "Rita Reviewer", "rita@example.com");
    }

    Api.Reply forbidden = rita.get("/api/audit");
    assertEquals(403, forbidden.status(), "only admins read the audit log");
    assertEquals("admin", forbidden.json().get("role_needed").asText());

    List<JsonNode> entries = allPages(ada, "/api/audit?project_id=" + projectId + "&limit=2");
    List<String> actions =
        entries.stream()
            .map(e -> e.get("action").asText() + " by " + e.get("actor").get("name").asText())
            .toList();
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
    JsonNode commitEntry = entries.get(4);
    assertEquals("rita", commitEntry.get("actor").get("subject").asText());
    assertEquals("reviewer", commitEntry.get("actor").get("role").asText());
    assertEquals(diffId, commitEntry.get("target_id").asText());
    assertTrue(
        commitEntry
            .get("summary")
            .asText()
            .startsWith("Committed " + sha.substring(0, 7) + " on main: Make x ten"),
        commitEntry.toString());
    assertEquals(
        entries,
        allPages(ada, "/api/audit?project_id=" + projectId + "&limit=200"),
        "the pages add up to the whole");

    List<String> tokenActions =
        allPages(ada, "/api/audit?limit=50").stream()
            .filter(
                e ->
                    e.get("actor").get("subject").asText().equals("rita")
                        && e.get("action").asText().startsWith("token."))
            .map(e -> e.get("action").asText())
            .toList();
    assertEquals(List.of("token.revoked", "token.created"), tokenActions.subList(0, 2));

    assertEquals(204, ada.delete("/api/projects/" + projectId).status());
    JsonNode deletion =
        ada.get("/api/audit?project_id=" + projectId + "&limit=1").json().get("entries").get(0);
    assertEquals(
        "project.deleted",
        deletion.get("action").asText(),
        "the log outlives the project, and says who deleted it");
    assertEquals("Ada Admin", deletion.get("actor").get("name").asText());

    Api.Reply badCursor = ada.get("/api/audit?cursor=bm90LWEtY3Vyc29y");
    assertEquals(400, badCursor.status());
    assertEquals("urn:vibegrapher:problem:invalid-cursor", badCursor.json().get("type").asText());
    assertEquals(400, ada.get("/api/audit?limit=0").status());
    assertEquals(400, ada.get("/api/audit?limit=many").status());
  }

  private static String proposedDiff(Api api, WsClient watcher, String sessionId) {
    fake.script(CODER).functionCall("submit_patch", submitPatch(PATCH, "x ten"));
    fake.script(EVALUATOR).structured(verdict(true, "Good", "Make x ten"));
    List<JsonNode> frames =
        framesUntilEnd(watcher, Runs.send(api, sessionId, "x ten").get("run_id").asText(), RUN);
    return ofType(frames, "diff_created").get(0).get("diff").get("id").asText();
  }

  private static JsonNode promptOf(Api api, String sessionId, String runId) {
    for (JsonNode message : api.get("/api/sessions/" + sessionId + "/messages").json()) {
      if (runId.equals(message.get("run_id").asText())
          && message.get("role").asText().equals("user")) {
        return message;
      }
    }
    throw new AssertionError("no prompt of run " + runId);
  }

  private static List<JsonNode> allPages(Api api, String first) {
    List<JsonNode> entries = new ArrayList<>();
    String path = first;
    while (true) {
      Api.Reply page = api.get(path);
      assertEquals(200, page.status(), page.body());
      page.json().get("entries").forEach(entries::add);
      JsonNode next = page.json().get("next_cursor");
      if (next.isNull()) {
        return entries;
      }
      path = first + "&cursor=" + next.asText();
    }
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
    String slug = app.api().get("/api/projects/" + projectId).json().get("slug").asText();
    try (Git git = Git.open(app.dataDirectory().resolve("projects").resolve(slug).toFile())) {
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
