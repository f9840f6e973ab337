package dev.vibegrapher.review;

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
import dev.vibegrapher.client.DiffsApi;
import dev.vibegrapher.client.ProblemException;
import dev.vibegrapher.client.Vibegrapher;
import dev.vibegrapher.client.json.WireJsonb;
import dev.vibegrapher.client.project.BranchEntry;
import dev.vibegrapher.client.project.ProjectPage;
import dev.vibegrapher.client.project.ProjectResponse;
import dev.vibegrapher.client.project.ProjectSummary;
import dev.vibegrapher.client.project.TestCaseRequest;
import dev.vibegrapher.client.review.CommitRequest;
import dev.vibegrapher.client.review.DiffView;
import dev.vibegrapher.client.review.Preview;
import dev.vibegrapher.client.review.RefineRequest;
import dev.vibegrapher.client.review.ReviewRequest;
import dev.vibegrapher.client.review.ReviewResponse;
import dev.vibegrapher.client.review.TestResult;
import dev.vibegrapher.client.session.CreateSessionRequest;
import dev.vibegrapher.client.session.SendMessageRequest;
import dev.vibegrapher.support.AcrossDatabases;
import dev.vibegrapher.support.Api;
import dev.vibegrapher.support.FakeOpenAi;
import dev.vibegrapher.support.FakeOpenAi.RecordedRequest;
import dev.vibegrapher.support.Flavor;
import dev.vibegrapher.support.GitRemote;
import dev.vibegrapher.support.HeldTestCase;
import dev.vibegrapher.support.Outcomes;
import dev.vibegrapher.support.RunningApp;
import dev.vibegrapher.support.Runs;
import dev.vibegrapher.support.SharedApps;
import dev.vibegrapher.support.SharedFake;
import dev.vibegrapher.support.WsClient;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jgit.api.Git;

/**
 * The human's review over HTTP: approve, commit with a base-commit check, reject with feedback. The
 * calls go through the typed client; the races and the refusals whose content type is checked stay
 * raw HTTP.
 */
class ReviewIT {

  static final String CODE = "x = 1\ny = 2\n";
  static final String PATCH_X = "@@ -1,2 +1,2 @@\n-x = 1\n+x = 10\n y = 2\n";
  static final String PATCH_Y = "@@ -1,2 +1,2 @@\n x = 1\n-y = 2\n+y = 20\n";
  static final Duration RUN = Duration.ofSeconds(30);

  private final FakeOpenAi fake = SharedFake.fake();

  /** Runs one approved patch in the session and returns the diff the run made, as published. */
  private DiffView approvedDiff(Api api, WsClient ws, String session, String patch, String prompt) {
    fake.script(SharedFake.CODER_MODEL).functionCall("submit_patch", submitPatch(patch, prompt));
    fake.script(SharedFake.EVALUATOR_MODEL)
        .structured(verdict(true, "Good: " + prompt, "Apply " + prompt));
    String runId = Runs.start(api, session, prompt).runId();
    List<JsonNode> frames = framesUntilEnd(ws, runId, RUN);
    return diffOf(ofType(frames, "diff_created").get(0).get("diff"));
  }

  @AcrossDatabases
  void anApprovedDiffIsCommittedAndTheEvaluatorStartsAfresh(Flavor flavor) throws Exception {
    fake.reset();
    try (Runs.Room room = Runs.Room.open(SharedApps.of(flavor), CODE)) {
      Api api = room.api();
      String project = room.projectId();
      String session = room.sessionId();
      WsClient ws = room.ws();
      DiffView diff = approvedDiff(api, ws, session, PATCH_X, "x ten");
      String id = diff.id();
      DiffsApi diffs = api.client().diffs();
      assertEquals(
          List.of(id),
          api.client().sessions().pendingDiffs(session).stream().map(DiffView::id).toList());

      Preview preview = diffs.preview(id);
      assertEquals(CODE, preview.originalCode());
      assertEquals("x = 10\ny = 2\n", preview.patchedCode());
      assertEquals(diff.diffContent(), preview.diffContent());

      assertEquals(
          409,
          assertThrows(ProblemException.class, () -> diffs.commit(id, new CommitRequest(null)))
              .status(),
          "not approved by the human yet");
      ReviewResponse approved = diffs.review(id, new ReviewRequest(true, null));
      assertEquals("human_approved", approved.diff().status());
      assertNull(approved.runId());
      assertEquals(0, api.client().sessions().pendingDiffs(session).size());

      DiffView committedDiff = diffs.commit(id, new CommitRequest("Make x ten"));
      assertEquals("committed", committedDiff.status());
      ProjectResponse projectNow = api.client().projects().get(project);
      assertEquals(projectNow.currentCommit(), committedDiff.committedSha());
      assertEquals("x = 10\ny = 2\n", projectNow.currentCode());
      try (Git git = GitRemote.open(room.app(), projectNow.slug())) {
        assertEquals(
            "Make x ten\n\nCo-authored-by: VibeCoder <vibecoder@localhost>",
            git.log().call().iterator().next().getFullMessage());
      }
      // Every dashboard on the project learns each decision: the approval, then the commit before
      // its code.
      List<JsonNode> decisions = new ArrayList<>();
      JsonNode frame;
      while (!(frame = ws.nextMatching(f -> f.has("seq"), RUN))
          .path("type")
          .asText()
          .equals("code_changed")) {
        decisions.add(frame);
      }
      assertEquals(
          List.of("diff_updated", "diff_updated"),
          decisions.stream().map(f -> f.get("type").asText()).toList());
      assertEquals(
          List.of("human_approved", "committed"),
          ofType(decisions, "diff_updated").stream()
              .map(d -> d.get("diff").get("status").asText())
              .toList());
      assertEquals(session, decisions.get(1).get("data").get("session_id").asText());
      assertEquals(
          committedDiff.committedSha(),
          decisions.get(1).get("data").get("diff").get("committed_sha").asText());
      JsonNode changed = frame.get("data");
      assertEquals("x = 10\ny = 2\n", changed.get("new_code").asText());
      assertEquals(committedDiff.committedSha(), changed.get("commit").asText());
      assertEquals(
          409,
          assertThrows(ProblemException.class, () -> diffs.commit(id, new CommitRequest(null)))
              .status(),
          "a diff is committed once");

      approvedDiff(api, ws, session, "@@ -1,2 +1,2 @@\n-x = 10\n+x = 11\n y = 2\n", "x eleven");
      String coderInput = fake.requestsFor(SharedFake.CODER_MODEL).get(1).inputText();
      assertTrue(coderInput.contains("x ten"), "the coder keeps its history");
      String evaluatorInput = fake.requestsFor(SharedFake.EVALUATOR_MODEL).get(1).inputText();
      assertFalse(
          evaluatorInput.contains("Good: x ten"),
          "the evaluator's memory was cleared by the commit: " + evaluatorInput);
      assertTrue(evaluatorInput.contains("x eleven"));

      String eleven = api.client().sessions().pendingDiffs(session).get(0).id();
      diffs.review(eleven, new ReviewRequest(true, null));
      assertEquals("committed", diffs.commit(eleven, new CommitRequest(null)).status());
      ProblemException conflict = assertThrows(ProblemException.class, () -> diffs.revert(id));
      assertEquals(
          409, conflict.status(), "a later commit changed the same line: " + conflict.json());
      assertEquals(committedDiff.committedSha(), conflict.string("committed_sha").orElseThrow());
      assertEquals("committed", diffs.get(id).status());

      DiffView reverted = diffs.revert(eleven);
      assertEquals("reverted", reverted.status());
      ProjectResponse afterRevert = api.client().projects().get(project);
      assertEquals("x = 10\ny = 2\n", afterRevert.currentCode());
      assertEquals(afterRevert.currentCommit(), reverted.revertedSha());
      JsonNode revertChanged =
          ws.nextMatching(
                  f ->
                      f.path("type").asText().equals("code_changed")
                          && f.get("data").path("commit").asText().equals(reverted.revertedSha()),
                  RUN)
              .get("data");
      assertEquals("x = 10\ny = 2\n", revertChanged.get("new_code").asText());
      assertEquals(
          409,
          assertThrows(ProblemException.class, () -> diffs.revert(eleven)).status(),
          "reverted once");
    }
  }

  @AcrossDatabases
  void theProjectsTestsRunAgainstThePatchedCodeInASandbox(Flavor flavor) throws Exception {
    fake.reset();
    RunningApp app = SharedApps.of(flavor);
    Api api = app.api();
    Vibegrapher client = api.client();
    String project =
        Runs.newProject(
            api,
            "def add(a, b):\n    return a - b\n\n\nif __name__ == \"__main__\":\n    raise SystemExit(\"the entry point must not run\")\n");
    String session = Runs.openSession(api, project);
    Map<String, String> tests = new java.util.LinkedHashMap<>();
    tests.put("adds", "assert add(2, 3) == 5");
    tests.put("wrong expectation", "assert add(2, 2) == 5, 'two and two are not five'");
    tests.put("raises", "raise ValueError('boom')");
    tests.put("hangs", "while True:\n    pass");
    // A port of the test's own, on this machine: without the sandbox's network namespace the test
    // case reaches it.
    ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    tests.put(
        "reaches the network",
        "import socket\nsocket.create_connection(('127.0.0.1', "
            + listener.getLocalPort()
            + "), timeout=2).close()");
    tests.forEach(
        (name, code) ->
            assertEquals(
                name,
                client.testCases().create(project, new TestCaseRequest(name, code, true)).name()));
    try (listener;
        WsClient ws = WsClient.connect(app)) {
      ws.subscribe(project);
      ws.nextOfType("subscribed");
      String id =
          approvedDiff(
                  api,
                  ws,
                  session,
                  "@@ -1,2 +1,2 @@\n def add(a, b):\n-    return a - b\n+    return a + b\n",
                  "fix add")
              .id();
      DiffView ran = client.diffs().runTests(id);
      Map<String, TestResult> results = byName(ran.testResults());
      assertEquals("passed", results.get("adds").status(), results.get("adds").toString());
      assertEquals("failed", results.get("wrong expectation").status());
      assertTrue(results.get("wrong expectation").output().contains("two and two are not five"));
      assertEquals("error", results.get("raises").status());
      assertTrue(results.get("raises").output().contains("ValueError: boom"));
      assertEquals("error", results.get("hangs").status());
      assertTrue(results.get("hangs").output().startsWith("Timed out after 5 s"));
      // The sandbox has a network namespace of its own, whose loopback has nothing listening.
      TestResult network = results.get("reaches the network");
      assertEquals("error", network.status(), "no network inside the sandbox: " + network);
      assertTrue(network.output().contains("ConnectionRefusedError"), network.output());
      listener.setSoTimeout(1);
      assertThrows(
          SocketTimeoutException.class,
          listener::accept,
          "no connection from inside the sandbox reached the port");
      List<String> published = new ArrayList<>();
      for (int i = 0; i < tests.size(); i++) {
        JsonNode done =
            ws.nextMatching(f -> f.path("type").asText().equals("test_completed"), RUN).get("data");
        assertEquals(id, done.get("diff_id").asText());
        assertEquals(
            results.get(done.get("test_name").asText()).status(), done.get("status").asText());
        published.add(done.get("test_name").asText());
      }
      assertEquals(new java.util.TreeSet<>(tests.keySet()), new java.util.TreeSet<>(published));
      DiffView stored = client.diffs().get(id);
      assertEquals(ran.testResults(), stored.testResults());
      assertNotNull(stored.testsRunAt());
    }
  }

  @AcrossDatabases
  void ofTwoConcurrentCommitsOnOneBaseExactlyOneWins(Flavor flavor) {
    fake.reset();
    try (Runs.Room room = Runs.Room.open(SharedApps.of(flavor), CODE)) {
      Api api = room.api();
      DiffsApi diffs = api.client().diffs();
      String project = room.projectId();
      String global = room.sessionId();
      String node = openNodeSession(api, project, "race");
      WsClient ws = room.ws();
      String first = approvedDiff(api, ws, global, PATCH_X, "x ten").id();
      String second = approvedDiff(api, ws, node, PATCH_Y, "y twenty").id();
      diffs.review(first, new ReviewRequest(true, null));
      diffs.review(second, new ReviewRequest(true, null));
      List<CompletableFuture<String>> commits =
          List.of(first, second).stream()
              .map(id -> CompletableFuture.supplyAsync(() -> commitOutcome(diffs, id)))
              .toList();
      List<String> outcomes =
          new ArrayList<>(commits.stream().map(CompletableFuture::join).toList());
      java.util.Collections.sort(outcomes);
      assertEquals(List.of("committed", "refused 409"), outcomes);
      long committed =
          List.of(first, second).stream()
              .filter(id -> diffs.get(id).status().equals("committed"))
              .count();
      assertEquals(1, committed);
    }
  }

  // The races below send their two requests through Api.inOrder, which times raw requests; the
  // calls around them go through the typed client.

  @AcrossDatabases
  void aCommitAndARejectionAtOnceLeaveOneDecision(Flavor flavor) throws Exception {
    Outcomes outcomes = new Outcomes();
    for (int round = 0; round < 6; round++) {
      fake.reset();
      try (Runs.Room room = Runs.Room.open(SharedApps.of(flavor), CODE)) {
        Api api = room.api();
        DiffsApi diffs = api.client().diffs();
        String id = approvedDiff(api, room.ws(), room.sessionId(), PATCH_X, "x ten").id();
        diffs.review(id, new ReviewRequest(true, null));
        fake.script(SharedFake.CODER_MODEL).text("Then x stays as it is.");
        Api.Order order = Api.Order.ofRound(round);
        Api.Reply[] replies =
            Api.inOrder(
                order,
                () -> api.post("/api/diffs/" + id + "/commit", Map.of()),
                () ->
                    api.post(
                        "/api/diffs/" + id + "/review",
                        Map.of("approved", false, "feedback", "Leave x alone")));
        String where = "round " + round + " " + order;
        int committed = replies[0].status();
        int rejected = replies[1].status();
        assertEquals(
            List.of(200, 409),
            java.util.stream.Stream.of(committed, rejected).sorted().toList(),
            where + ": exactly one decision stands");
        String status = diffs.get(id).status();
        String code = api.client().projects().get(room.projectId()).currentCode();
        if (committed == 200) {
          assertEquals("committed", status, where);
          assertEquals("x = 10\ny = 2\n", code, where);
          outcomes.add(order, "committed");
        } else {
          assertEquals("human_rejected", status, where);
          assertEquals(CODE, code, where + ": a rejected diff is not in git");
          framesUntilEnd(room.ws(), replies[1].json().get("run_id").asText(), RUN);
          outcomes.add(order, "rejected");
        }
      }
    }
    System.out.println("commit and rejection at once, " + flavor + ": " + outcomes);
    outcomes.assertBothSeen("committed", "rejected");
  }

  @AcrossDatabases
  void aProjectDeletedWhileItsDiffIsCommittedGoesCleanly(Flavor flavor) throws Exception {
    Outcomes outcomes = new Outcomes();
    for (int round = 0; round < 6; round++) {
      fake.reset();
      try (Runs.Room room = Runs.Room.open(SharedApps.of(flavor), CODE)) {
        Api api = room.api();
        Vibegrapher client = api.client();
        String id = approvedDiff(api, room.ws(), room.sessionId(), PATCH_X, "x ten").id();
        client.diffs().review(id, new ReviewRequest(true, null));
        String slug = client.projects().get(room.projectId()).slug();
        Api.Order order = Api.Order.ofRound(round);
        Api.Reply[] replies =
            Api.inOrder(
                order,
                () -> api.post("/api/diffs/" + id + "/commit", Map.of()),
                () -> api.delete("/api/projects/" + room.projectId()));
        String where = "round " + round + " " + order;
        assertEquals(204, replies[1].status(), where + ": " + replies[1].body());
        Api.Reply committed = replies[0];
        // Before the deletion, or after it on a project that is gone: never a failure half-way.
        assertTrue(
            committed.status() == 200 || committed.status() == 404,
            where + ": " + committed.status() + " " + committed.body());
        assertEquals(
            404,
            assertThrows(ProblemException.class, () -> client.projects().get(room.projectId()))
                .status(),
            where);
        assertEquals(
            404,
            assertThrows(ProblemException.class, () -> client.diffs().get(id)).status(),
            where);
        assertFalse(
            GitRemote.exists(room.app(), slug), where + ": the repository went with the project");
        outcomes.add(order, committed.status() == 200 ? "committed" : "deleted first");
      }
    }
    System.out.println("commit and project delete at once, " + flavor + ": " + outcomes);
    outcomes.assertBothSeen("committed", "deleted first");
  }

  @AcrossDatabases
  void aSessionDeletedWhileItsDiffIsCommittedGoesCleanly(Flavor flavor) throws Exception {
    Outcomes outcomes = new Outcomes();
    for (int round = 0; round < 8; round++) {
      fake.reset();
      try (Runs.Room room = Runs.Room.open(SharedApps.of(flavor), CODE)) {
        Api api = room.api();
        Vibegrapher client = api.client();
        String id = approvedDiff(api, room.ws(), room.sessionId(), PATCH_X, "x ten").id();
        client.diffs().review(id, new ReviewRequest(true, null));
        Api.Order order = Api.Order.ofRound(round);
        Api.Reply[] replies =
            Api.inOrder(
                order,
                () -> api.post("/api/diffs/" + id + "/commit", Map.of()),
                () -> api.delete("/api/sessions/" + room.sessionId()));
        String where = "round " + round + " " + order;
        Api.Reply committed = replies[0];
        assertEquals(204, replies[1].status(), where + ": " + replies[1].body());
        // Committed before the deletion took the diff along, or the diff was gone: git says which.
        assertTrue(
            committed.status() == 200 || committed.status() == 404,
            where + ": " + committed.status() + " " + committed.body());
        String code = client.projects().get(room.projectId()).currentCode();
        assertEquals(committed.status() == 200 ? "x = 10\ny = 2\n" : CODE, code, where);
        assertEquals(
            404,
            assertThrows(ProblemException.class, () -> client.diffs().get(id)).status(),
            where);
        outcomes.add(order, committed.status() == 200 ? "committed" : "deleted first");
      }
    }
    System.out.println("commit and session delete at once, " + flavor + ": " + outcomes);
    outcomes.assertBothSeen("committed", "deleted first");
  }

  @AcrossDatabases
  void aProjectDeletedWhileItsDiffsTestsRunGetsA404NotAFailure(Flavor flavor) {
    fake.reset();
    try (Runs.Room room = Runs.Room.open(SharedApps.of(flavor), CODE);
        HeldTestCase held = HeldTestCase.create()) {
      Api api = room.api();
      Vibegrapher client = api.client();
      // Not a quick test: it may run 30 s, far longer than this test holds it.
      client.testCases().create(room.projectId(), new TestCaseRequest("held", held.code(), null));
      String id = approvedDiff(api, room.ws(), room.sessionId(), PATCH_X, "x ten").id();
      // Raw: the refusal's content type is part of what is checked.
      CompletableFuture<Api.Reply> tests =
          CompletableFuture.supplyAsync(() -> api.post("/api/diffs/" + id + "/tests", Map.of()));
      held.awaitStarted(RUN);

      // The deletion is answered while the tests still run: they do not hold it up.
      client.projects().delete(room.projectId());
      assertFalse(tests.isDone(), "the tests were still running when the project went");
      held.release(RUN);
      Api.Reply ran = tests.join();
      assertEquals(404, ran.status(), ran.body());
      assertEquals("application/problem+json", ran.contentType());
      assertEquals(
          404, assertThrows(ProblemException.class, () -> client.diffs().get(id)).status());
    }
  }

  @AcrossDatabases
  void theSampleProjectsTestsPassAHarmlessPatchAndCatchABreakingOne(Flavor flavor) {
    fake.reset();
    RunningApp app = SharedApps.of(flavor);
    Api api = app.api();
    Vibegrapher client = api.client();
    String project = projectWithSlug(client, "agent-triage-system").id();
    String session = openNodeSession(api, project, "tests-" + java.util.UUID.randomUUID());
    String harmless =
        "@@ -1,1 +1,1 @@\n-\"\"\"A small triage agent: routes each customer message to billing, technical or general.\"\"\"\n"
            + "+\"\"\"A small triage agent: sends each customer message to billing, technical or general.\"\"\"\n";
    String breaking =
        "@@ -14,5 +14,5 @@\n         text = message.lower()\n         if any(word in text for word in BILLING_WORDS):\n-            return \"billing\"\n+            return \"general\"\n         if any(word in text for word in TECHNICAL_WORDS):\n";
    try (WsClient ws = WsClient.connect(app)) {
      ws.subscribe(project);
      ws.nextOfType("subscribed");
      String good = approvedDiff(api, ws, session, harmless, "reword the docstring").id();
      List<TestResult> goodResults = client.diffs().runTests(good).testResults();
      assertEquals(2, goodResults.size());
      goodResults.forEach(result -> assertEquals("passed", result.status(), result.toString()));

      String bad = approvedDiff(api, ws, session, breaking, "route billing to general").id();
      Map<String, String> statuses = new java.util.HashMap<>();
      client
          .diffs()
          .runTests(bad)
          .testResults()
          .forEach(result -> statuses.put(result.testName(), result.status()));
      assertEquals(
          List.of("failed", "passed"),
          statuses.values().stream().sorted().toList(),
          statuses.toString());
    }
  }

  @AcrossDatabases
  void aBranchTargetedDiffLandsOnItsBranchOnly(Flavor flavor) throws Exception {
    fake.reset();
    try (Runs.Room room = Runs.Room.open(SharedApps.of(flavor), CODE)) {
      Api api = room.api();
      Vibegrapher client = api.client();
      String project = room.projectId();
      ProjectResponse before = client.projects().get(project);
      String main = before.currentCommit();
      assertEquals(
          400,
          assertThrows(
                  ProblemException.class,
                  () ->
                      client
                          .sessions()
                          .open(project, new CreateSessionRequest("node", "f", "bad..name")))
              .status());
      // Raw: 201 for the session made and 200 for the one found are what tell them apart.
      String sessions = "/api/projects/" + project + "/sessions";
      Api.Reply opened =
          api.post(sessions, Map.of("session_type", "node", "node_id", "f", "branch", "feature/x"));
      assertEquals(201, opened.status(), opened.body());
      assertEquals("feature/x", opened.json().get("branch").asText());
      assertEquals(
          409,
          assertThrows(
                  ProblemException.class,
                  () ->
                      client
                          .sessions()
                          .open(project, new CreateSessionRequest("node", "f", "other")))
              .status(),
          "an existing session keeps its branch");
      assertEquals(
          200, api.post(sessions, Map.of("session_type", "node", "node_id", "f")).status());
      String session = opened.json().get("id").asText();

      fake.script(SharedFake.CODER_MODEL)
          .functionCall("submit_patch", submitPatch(PATCH_X, "x ten"));
      fake.script(SharedFake.EVALUATOR_MODEL)
          .structured(verdict(true, "Fine.", "Make x ten on the feature branch"));
      String runId = client.sessions().send(session, new SendMessageRequest("x ten")).runId();
      DiffView diff =
          diffOf(ofType(framesUntilEnd(room.ws(), runId, RUN), "diff_created").get(0).get("diff"));
      assertEquals("feature/x", diff.targetBranch());
      assertEquals(main, diff.baseCommit(), "a new branch starts at HEAD");
      String id = diff.id();
      client.diffs().review(id, new ReviewRequest(true, null));
      String sha = client.diffs().commit(id, new CommitRequest(null)).committedSha();

      ProjectResponse after = client.projects().get(project);
      assertEquals(main, after.currentCommit(), "the checked-out branch did not move");
      assertEquals(CODE, after.currentCode());
      try (Git git = GitRemote.open(room.app(), after.slug())) {
        org.eclipse.jgit.lib.Repository repo = git.getRepository();
        assertEquals(
            CODE,
            fileAt(repo, repo.resolve("HEAD"), "main.py"),
            "the checked-out code is untouched");
        org.eclipse.jgit.revwalk.RevCommit commit =
            git.log()
                .add(repo.resolve("refs/heads/feature/x"))
                .setMaxCount(1)
                .call()
                .iterator()
                .next();
        assertEquals(sha, commit.getName());
        assertEquals(main, commit.getParent(0).getName());
        assertEquals(
            "Make x ten on the feature branch\n\nCo-authored-by: VibeCoder <vibecoder@localhost>",
            commit.getFullMessage());
        assertEquals("x = 10\ny = 2\n", fileAt(repo, commit, "main.py"));
      }
      assertEquals(
          List.of(new BranchEntry("feature/x", sha, false), new BranchEntry("main", main, true)),
          client.projects().branches(project));
      JsonNode changed =
          room.ws()
              .nextMatching(f -> f.path("type").asText().equals("code_changed"), RUN)
              .get("data");
      assertEquals("feature/x", changed.get("branch").asText());
      assertEquals(
          409,
          assertThrows(ProblemException.class, () -> client.diffs().revert(id)).status(),
          "reverting works on the checked-out branch only");
    }
  }

  @AcrossDatabases
  void aCommitOnAMovedHeadIsRefusedWithBothCommits(Flavor flavor) {
    fake.reset();
    try (Runs.Room room = Runs.Room.open(SharedApps.of(flavor), CODE)) {
      Api api = room.api();
      DiffsApi diffs = api.client().diffs();
      String project = room.projectId();
      String global = room.sessionId();
      String node = openNodeSession(api, project, "y");
      WsClient ws = room.ws();
      String first = approvedDiff(api, ws, global, PATCH_X, "x ten").id();
      DiffView second = approvedDiff(api, ws, node, PATCH_Y, "y twenty");
      diffs.review(first, new ReviewRequest(true, null));
      diffs.review(second.id(), new ReviewRequest(true, null));
      String head = diffs.commit(first, new CommitRequest(null)).committedSha();

      // Raw: the refusal's content type is part of what is checked.
      Api.Reply refused = api.post("/api/diffs/" + second.id() + "/commit", Map.of());
      assertEquals(409, refused.status());
      assertEquals("application/problem+json", refused.contentType());
      assertEquals(second.baseCommit(), refused.json().get("base_commit").asText());
      assertEquals(head, refused.json().get("head_commit").asText());
      assertEquals("human_approved", diffs.get(second.id()).status());
      assertEquals(
          List.of(first),
          diffs.ofProject(project, "committed").stream().map(DiffView::id).toList());
      assertEquals(2, diffs.ofProject(project, null).size());
      assertEquals(
          400,
          assertThrows(ProblemException.class, () -> diffs.ofProject(project, "merged")).status());
    }
  }

  @AcrossDatabases
  void aRejectionWithFeedbackStartsANewAttemptThatKnowsWhy(Flavor flavor) {
    fake.reset();
    try (Runs.Room room = Runs.Room.open(SharedApps.of(flavor), CODE)) {
      Api api = room.api();
      Vibegrapher client = api.client();
      DiffsApi diffs = client.diffs();
      String session = room.sessionId();
      WsClient ws = room.ws();
      String id = approvedDiff(api, ws, session, PATCH_X, "x ten").id();
      assertEquals(
          400,
          assertThrows(
                  ProblemException.class, () -> diffs.review(id, new ReviewRequest(false, null)))
              .status());
      assertEquals("evaluator_approved", diffs.get(id).status());

      fake.script(SharedFake.CODER_MODEL).text("Understood, I will use a constant instead.");
      ReviewResponse rejected = diffs.review(id, new ReviewRequest(false, "Use a named constant"));
      assertEquals("human_rejected", rejected.diff().status());
      assertEquals("Use a named constant", rejected.diff().humanFeedback());
      String runId = rejected.runId();
      List<JsonNode> frames = framesUntilEnd(ws, runId, RUN);
      JsonNode promptFrame =
          frames.stream()
              .filter(f -> f.get("type").asText().equals("conversation_message"))
              .findFirst()
              .orElseThrow();
      assertEquals("user", promptFrame.get("data").get("agent").asText());
      // A dashboard that sees the new attempt's prompt and reads the diff must find it rejected:
      // the
      // rejection is published before the prompt. Ordered by the events' sequence numbers, which
      // the project's events never share, not by timestamps, which two steps can share.
      JsonNode rejection =
          frames.stream()
              .filter(f -> f.get("type").asText().equals("diff_updated"))
              .findFirst()
              .orElseThrow();
      assertEquals("human_rejected", rejection.get("data").get("diff").get("status").asText());
      assertTrue(
          rejection.get("seq").asLong() < promptFrame.get("seq").asLong(),
          "rejection published as event "
              + rejection.get("seq")
              + ", the new prompt as "
              + promptFrame.get("seq"));
      assertEquals(
          diffOf(rejection.get("data").get("diff")).updatedAt(),
          diffs.get(id).updatedAt(),
          "the published rejection is the stored one");
      String retry = fake.requestsFor(SharedFake.CODER_MODEL).get(1).inputText();
      assertTrue(
          retry.contains("x ten")
              && retry.contains("Use a named constant")
              && retry.contains("+x = 10"),
          retry);
      assertEquals(
          404,
          assertThrows(
                  ProblemException.class,
                  () -> diffs.review("no-such-diff", new ReviewRequest(true, null)))
              .status());
      assertEquals(
          404,
          assertThrows(
                  ProblemException.class, () -> client.sessions().diffs("no-such-session", null))
              .status());
    }
  }

  @AcrossDatabases
  void theEvaluatorRefinesTheCommitMessageThatIsThenUsed(Flavor flavor) {
    fake.reset();
    try (Runs.Room room = Runs.Room.open(SharedApps.of(flavor), CODE)) {
      Api api = room.api();
      Vibegrapher client = api.client();
      DiffsApi diffs = client.diffs();
      String session = room.sessionId();
      WsClient ws = room.ws();
      String id = approvedDiff(api, ws, session, PATCH_X, "x ten").id();
      fake.script(SharedFake.EVALUATOR_MODEL)
          .usage(300, 30)
          .structured(
              Api.json(Map.of("commit_message", "Raise x to ten\n\nThe limit needs headroom.")));
      assertEquals(
          "Raise x to ten\n\nThe limit needs headroom.",
          diffs.refineMessage(id, new RefineRequest("mention the headroom")).commitMessage());
      RecordedRequest asked = fake.requestsFor(SharedFake.EVALUATOR_MODEL).get(1);
      assertTrue(
          asked.inputText().contains("mention the headroom")
              && asked.inputText().contains("+x = 10"),
          asked.inputText());
      assertEquals("json_schema", asked.body().path("text").path("format").path("type").asText());
      assertEquals("Raise x to ten\n\nThe limit needs headroom.", diffs.get(id).commitMessage());
      assertEquals(
          570,
          client.sessions().get(session).usageTotals().totalTokens(),
          "the coder's, the evaluator's and the refinement's tokens");

      diffs.review(id, new ReviewRequest(true, null));
      assertEquals(
          "Raise x to ten\n\nThe limit needs headroom.",
          diffs.commit(id, new CommitRequest(null)).commitMessage());
      assertEquals(
          404,
          assertThrows(
                  ProblemException.class,
                  () -> diffs.refineMessage("no-such-diff", new RefineRequest(null)))
              .status());
    }
  }

  @AcrossDatabases
  void aRejectionWhileTheSessionIsBusyIsRefusedAndLeavesTheDiffAsItWas(Flavor flavor) {
    fake.reset();
    try (Runs.Room room = Runs.Room.open(SharedApps.of(flavor), CODE)) {
      Api api = room.api();
      Vibegrapher client = api.client();
      DiffsApi diffs = client.diffs();
      String id = approvedDiff(api, room.ws(), room.sessionId(), PATCH_X, "x ten").id();
      FakeOpenAi.Hold hold = new FakeOpenAi.Hold();
      fake.script(SharedFake.CODER_MODEL).holdUntil(hold).text("Still thinking about y.");
      String busyRun =
          client
              .sessions()
              .send(room.sessionId(), new SendMessageRequest("Now think about y"))
              .runId();
      hold.awaitHeld(1, RUN);

      // Raw: the refusal's content type is part of what is checked.
      Map<String, Object> rejection = Map.of("approved", false, "feedback", "Leave x alone");
      Api.Reply refused = api.post("/api/diffs/" + id + "/review", rejection);
      assertEquals(409, refused.status(), refused.body());
      assertEquals("application/problem+json", refused.contentType());
      assertEquals(
          busyRun, refused.json().get("run_id").asText(), "the problem names the run in the way");
      assertEquals("evaluator_approved", diffs.get(id).status(), "the diff stays as it was");
      // Approving starts no run, so a busy session does not hold it up; rejecting it then is
      // refused all the same.
      assertEquals(
          "human_approved", diffs.review(id, new ReviewRequest(true, null)).diff().status());
      ReviewRequest rejectionRequest = new ReviewRequest(false, "Leave x alone");
      ProblemException refusedAgain =
          assertThrows(ProblemException.class, () -> diffs.review(id, rejectionRequest));
      assertEquals(409, refusedAgain.status());
      assertEquals("human_approved", diffs.get(id).status());

      hold.release();
      List<String> decisions =
          ofType(framesUntilEnd(room.ws(), busyRun, RUN), "diff_updated").stream()
              .map(d -> d.get("diff").get("status").asText())
              .toList();
      assertEquals(List.of("human_approved"), decisions, "no refused rejection was published");
      fake.script(SharedFake.CODER_MODEL).text("Then x stays as it is.");
      ReviewResponse accepted = diffs.review(id, rejectionRequest);
      assertEquals("human_rejected", accepted.diff().status(), "once the session is free");
      framesUntilEnd(room.ws(), accepted.runId(), RUN);
    }
  }

  @AcrossDatabases
  void testsRunOnADiffOnlyUntilItIsCommitted(Flavor flavor) {
    fake.reset();
    try (Runs.Room room = Runs.Room.open(SharedApps.of(flavor), CODE)) {
      Api api = room.api();
      Vibegrapher client = api.client();
      DiffsApi diffs = client.diffs();
      client
          .testCases()
          .create(room.projectId(), new TestCaseRequest("x is ten", "assert x == 10", true));
      String id = approvedDiff(api, room.ws(), room.sessionId(), PATCH_X, "x ten").id();
      DiffView before = diffs.runTests(id);
      assertEquals("passed", before.testResults().get(0).status());
      diffs.review(id, new ReviewRequest(true, null));
      diffs.commit(id, new CommitRequest(null));

      // Raw: the refusal's content type is part of what is checked.
      Api.Reply refused = api.post("/api/diffs/" + id + "/tests", Map.of());
      assertEquals(409, refused.status(), refused.body());
      assertEquals("application/problem+json", refused.contentType());
      assertEquals("committed", refused.json().get("diff_status").asText());
      DiffView stored = diffs.get(id);
      assertEquals(before.testsRunAt(), stored.testsRunAt(), "the tests did not run again");
      assertEquals(before.testResults(), stored.testResults());
    }
  }

  @AcrossDatabases
  void aTestsOutputIsCutAt4000Characters(Flavor flavor) {
    fake.reset();
    try (Runs.Room room = Runs.Room.open(SharedApps.of(flavor), CODE)) {
      Api api = room.api();
      Vibegrapher client = api.client();
      // Characters, not bytes: each é is two bytes in UTF-8.
      String exactly = "é".repeat(4000);
      String over = "é".repeat(3999) + "b";
      client
          .testCases()
          .create(
              room.projectId(),
              new TestCaseRequest(
                  "exactly 4000", "import sys\nsys.stdout.write('é' * 4000)\n", true));
      client
          .testCases()
          .create(
              room.projectId(),
              new TestCaseRequest(
                  "over 4000",
                  "import sys\nsys.stdout.write('é' * 3999 + 'b' + 'c' * 1000)\n",
                  true));
      // Four bytes in UTF-8 and two UTF-16 units each: still one character.
      client
          .testCases()
          .create(
              room.projectId(),
              new TestCaseRequest(
                  "over 4000 wide", "import sys\nsys.stdout.write('\\U0001F600' * 4001)\n", true));
      String id = approvedDiff(api, room.ws(), room.sessionId(), PATCH_X, "x ten").id();
      Map<String, String> outputs = new java.util.HashMap<>();
      client.diffs().runTests(id).testResults().forEach(r -> outputs.put(r.testName(), r.output()));
      assertEquals(exactly, outputs.get("exactly 4000"), "4,000 characters are kept whole");
      assertEquals(
          over + "\n[output truncated]",
          outputs.get("over 4000"),
          "the 4,001st character and what follows are cut, and the cut is marked");
      assertEquals(
          "\uD83D\uDE00".repeat(4000) + "\n[output truncated]", outputs.get("over 4000 wide"));
      for (int i = 0; i < 3; i++) {
        JsonNode published =
            room.ws()
                .nextMatching(f -> f.path("type").asText().equals("test_completed"), RUN)
                .get("data");
        assertEquals(
            outputs.get(published.get("test_name").asText()),
            published.get("output").asText(),
            "test_completed carries the same cut output");
      }
    }
  }

  @AcrossDatabases
  void aPreviewOfADiffThatNoLongerAppliesIs409(Flavor flavor) {
    fake.reset();
    try (Runs.Room room = Runs.Room.open(SharedApps.of(flavor), CODE)) {
      Api api = room.api();
      DiffsApi diffs = api.client().diffs();
      String node = openNodeSession(api, room.projectId(), "five");
      String ten = approvedDiff(api, room.ws(), room.sessionId(), PATCH_X, "x ten").id();
      DiffView five =
          approvedDiff(api, room.ws(), node, "@@ -1,2 +1,2 @@\n-x = 1\n+x = 5\n y = 2\n", "x five");
      assertEquals("x = 5\ny = 2\n", diffs.preview(five.id()).patchedCode());
      diffs.review(ten, new ReviewRequest(true, null));
      String head = diffs.commit(ten, new CommitRequest(null)).committedSha();

      // Raw: the refusal's content type is part of what is checked.
      Api.Reply refused = api.get("/api/diffs/" + five.id() + "/preview");
      assertEquals(
          409, refused.status(), "the line it changes is no longer x = 1: " + refused.body());
      assertEquals("application/problem+json", refused.contentType());
      assertEquals(
          "urn:vibegrapher:problem:diff-does-not-apply", refused.json().get("type").asText());
      assertEquals(five.baseCommit(), refused.json().get("base_commit").asText());
      assertEquals(head, refused.json().get("head_commit").asText());
      assertEquals("evaluator_approved", diffs.get(five.id()).status());
    }
  }

  /** A diff as a room frame carries it, read as the client reads the same diff from the API. */
  private static DiffView diffOf(JsonNode diff) {
    return WireJsonb.jsonb().fromJson(diff.toString(), DiffView.class);
  }

  private static String openNodeSession(Api api, String project, String nodeId) {
    return api.client()
        .sessions()
        .open(project, new CreateSessionRequest("node", nodeId, null))
        .id();
  }

  /** How a commit ended, in words two racing commits can be compared by. */
  private static String commitOutcome(DiffsApi diffs, String id) {
    try {
      return diffs.commit(id, new CommitRequest(null)).status();
    } catch (ProblemException refused) {
      return "refused " + refused.status();
    }
  }

  private static Map<String, TestResult> byName(List<TestResult> results) {
    Map<String, TestResult> byName = new java.util.HashMap<>();
    results.forEach(result -> byName.put(result.testName(), result));
    return byName;
  }

  /** The project of the slug, read page by page as a client would. */
  private static ProjectSummary projectWithSlug(Vibegrapher client, String slug) {
    String cursor = null;
    do {
      ProjectPage page = client.projects().list(200, cursor);
      for (ProjectSummary project : page.projects()) {
        if (project.slug().equals(slug)) {
          return project;
        }
      }
      cursor = page.nextCursor();
    } while (cursor != null);
    throw new AssertionError("no project " + slug);
  }

  /** A file's content in a commit, read from git's objects: repositories have no work tree. */
  private static String fileAt(
      org.eclipse.jgit.lib.Repository repository,
      org.eclipse.jgit.lib.AnyObjectId commit,
      String path)
      throws java.io.IOException {
    try (org.eclipse.jgit.revwalk.RevWalk walk = new org.eclipse.jgit.revwalk.RevWalk(repository);
        org.eclipse.jgit.treewalk.TreeWalk file =
            org.eclipse.jgit.treewalk.TreeWalk.forPath(
                repository, path, walk.parseCommit(commit).getTree())) {
      return new String(
          repository.open(file.getObjectId(0)).getBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }
}
