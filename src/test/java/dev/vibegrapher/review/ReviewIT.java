package dev.vibegrapher.review;

import static dev.vibegrapher.support.Runs.framesUntilEnd;
import static dev.vibegrapher.support.Runs.ofType;
import static dev.vibegrapher.support.Runs.submitPatch;
import static dev.vibegrapher.support.Runs.verdict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibegrapher.client.DiffsApi;
import dev.vibegrapher.client.ProblemException;
import dev.vibegrapher.client.review.CommitRequest;
import dev.vibegrapher.client.review.DiffView;
import dev.vibegrapher.client.review.Preview;
import dev.vibegrapher.client.review.ReviewRequest;
import dev.vibegrapher.client.review.ReviewResponse;
import dev.vibegrapher.support.AcrossDatabases;
import dev.vibegrapher.support.Api;
import dev.vibegrapher.support.FakeOpenAi;
import dev.vibegrapher.support.FakeOpenAi.RecordedRequest;
import dev.vibegrapher.support.Flavor;
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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jgit.api.Git;

/** The human's review over HTTP: approve, commit with a base-commit check, reject with feedback. */
class ReviewIT {

  static final String CODE = "x = 1\ny = 2\n";
  static final String PATCH_X = "@@ -1,2 +1,2 @@\n-x = 1\n+x = 10\n y = 2\n";
  static final String PATCH_Y = "@@ -1,2 +1,2 @@\n x = 1\n-y = 2\n+y = 20\n";
  static final Duration RUN = Duration.ofSeconds(30);

  private final FakeOpenAi fake = SharedFake.fake();

  /** Runs one approved patch in the session and returns the diff the run made. */
  private JsonNode approvedDiff(Api api, WsClient ws, String session, String patch, String prompt) {
    fake.script(SharedFake.CODER_MODEL).functionCall("submit_patch", submitPatch(patch, prompt));
    fake.script(SharedFake.EVALUATOR_MODEL)
        .structured(verdict(true, "Good: " + prompt, "Apply " + prompt));
    List<JsonNode> frames =
        framesUntilEnd(ws, Runs.send(api, session, prompt).get("run_id").asText(), RUN);
    return ofType(frames, "diff_created").get(0).get("diff");
  }

  @AcrossDatabases
  void anApprovedDiffIsCommittedAndTheEvaluatorStartsAfresh(Flavor flavor) throws Exception {
    fake.reset();
    try (Runs.Room room = Runs.Room.open(SharedApps.of(flavor), CODE)) {
      Api api = room.api();
      String project = room.projectId();
      String session = room.sessionId();
      WsClient ws = room.ws();
      JsonNode diff = approvedDiff(api, ws, session, PATCH_X, "x ten");
      String id = diff.get("id").asText();
      DiffsApi diffs = api.client().diffs();
      assertEquals(
          List.of(id),
          api.client().sessions().pendingDiffs(session).stream().map(DiffView::id).toList());

      Preview preview = diffs.preview(id);
      assertEquals(CODE, preview.originalCode());
      assertEquals("x = 10\ny = 2\n", preview.patchedCode());
      assertEquals(diff.get("diff_content").asText(), preview.diffContent());

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
      JsonNode projectNow = api.get("/api/projects/" + project).json();
      assertEquals(projectNow.get("current_commit").asText(), committedDiff.committedSha());
      assertEquals("x = 10\ny = 2\n", projectNow.get("current_code").asText());
      try (Git git = Git.open(room.app().repositoryOf(projectNow).toFile())) {
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

      String eleven =
          api.get("/api/sessions/" + session + "/diffs/pending").json().get(0).get("id").asText();
      api.post("/api/diffs/" + eleven + "/review", Map.of("approved", true));
      assertEquals(200, api.post("/api/diffs/" + eleven + "/commit", Map.of()).status());
      Api.Reply conflict = api.post("/api/diffs/" + id + "/revert", Map.of());
      assertEquals(
          409, conflict.status(), "a later commit changed the same line: " + conflict.body());
      assertEquals(committedDiff.committedSha(), conflict.json().get("committed_sha").asText());
      assertEquals("committed", api.get("/api/diffs/" + id).json().get("status").asText());

      JsonNode reverted = api.post("/api/diffs/" + eleven + "/revert", Map.of()).json();
      assertEquals("reverted", reverted.get("status").asText());
      JsonNode afterRevert = api.get("/api/projects/" + project).json();
      assertEquals("x = 10\ny = 2\n", afterRevert.get("current_code").asText());
      assertEquals(afterRevert.get("current_commit"), reverted.get("reverted_sha"));
      JsonNode revertChanged =
          ws.nextMatching(
                  f ->
                      f.path("type").asText().equals("code_changed")
                          && f.get("data").get("commit").equals(reverted.get("reverted_sha")),
                  RUN)
              .get("data");
      assertEquals("x = 10\ny = 2\n", revertChanged.get("new_code").asText());
      assertEquals(
          409, api.post("/api/diffs/" + eleven + "/revert", Map.of()).status(), "reverted once");
    }
  }

  @AcrossDatabases
  void theProjectsTestsRunAgainstThePatchedCodeInASandbox(Flavor flavor) throws Exception {
    fake.reset();
    RunningApp app = SharedApps.of(flavor);
    Api api = app.api();
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
                201,
                api.post(
                        "/api/projects/" + project + "/tests",
                        Map.of("name", name, "code", code, "quick_test", true))
                    .status()));
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
              .get("id")
              .asText();
      Api.Reply ran = api.post("/api/diffs/" + id + "/tests", Map.of());
      assertEquals(200, ran.status(), ran.body());
      Map<String, JsonNode> results = new java.util.HashMap<>();
      ran.json()
          .get("test_results")
          .forEach(result -> results.put(result.get("test_name").asText(), result));
      assertEquals(
          "passed", results.get("adds").get("status").asText(), results.get("adds").toString());
      assertEquals("failed", results.get("wrong expectation").get("status").asText());
      assertTrue(
          results
              .get("wrong expectation")
              .get("output")
              .asText()
              .contains("two and two are not five"));
      assertEquals("error", results.get("raises").get("status").asText());
      assertTrue(results.get("raises").get("output").asText().contains("ValueError: boom"));
      assertEquals("error", results.get("hangs").get("status").asText());
      assertTrue(results.get("hangs").get("output").asText().startsWith("Timed out after 5 s"));
      // The sandbox has a network namespace of its own, whose loopback has nothing listening.
      JsonNode network = results.get("reaches the network");
      assertEquals(
          "error", network.get("status").asText(), "no network inside the sandbox: " + network);
      assertTrue(
          network.get("output").asText().contains("ConnectionRefusedError"),
          network.get("output").asText());
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
        assertEquals(results.get(done.get("test_name").asText()).get("status"), done.get("status"));
        published.add(done.get("test_name").asText());
      }
      assertEquals(new java.util.TreeSet<>(tests.keySet()), new java.util.TreeSet<>(published));
      JsonNode stored = api.get("/api/diffs/" + id).json();
      assertEquals(ran.json().get("test_results"), stored.get("test_results"));
      assertFalse(stored.get("tests_run_at").isNull());
    }
  }

  @AcrossDatabases
  void ofTwoConcurrentCommitsOnOneBaseExactlyOneWins(Flavor flavor) {
    fake.reset();
    try (Runs.Room room = Runs.Room.open(SharedApps.of(flavor), CODE)) {
      Api api = room.api();
      String project = room.projectId();
      String global = room.sessionId();
      String node =
          api.post(
                  "/api/projects/" + project + "/sessions",
                  Map.of("session_type", "node", "node_id", "race"))
              .json()
              .get("id")
              .asText();
      WsClient ws = room.ws();
      String first = approvedDiff(api, ws, global, PATCH_X, "x ten").get("id").asText();
      String second = approvedDiff(api, ws, node, PATCH_Y, "y twenty").get("id").asText();
      api.post("/api/diffs/" + first + "/review", Map.of("approved", true));
      api.post("/api/diffs/" + second + "/review", Map.of("approved", true));
      List<java.util.concurrent.CompletableFuture<Api.Reply>> commits =
          List.of(first, second).stream()
              .map(
                  id ->
                      java.util.concurrent.CompletableFuture.supplyAsync(
                          () -> api.post("/api/diffs/" + id + "/commit", Map.of())))
              .toList();
      List<Integer> statuses =
          new java.util.ArrayList<>(commits.stream().map(c -> c.join().status()).toList());
      java.util.Collections.sort(statuses);
      assertEquals(List.of(200, 409), statuses);
      long committed =
          List.of(first, second).stream()
              .filter(
                  id ->
                      api.get("/api/diffs/" + id).json().get("status").asText().equals("committed"))
              .count();
      assertEquals(1, committed);
    }
  }

  @AcrossDatabases
  void aCommitAndARejectionAtOnceLeaveOneDecision(Flavor flavor) throws Exception {
    Outcomes outcomes = new Outcomes();
    for (int round = 0; round < 6; round++) {
      fake.reset();
      try (Runs.Room room = Runs.Room.open(SharedApps.of(flavor), CODE)) {
        Api api = room.api();
        String id =
            approvedDiff(api, room.ws(), room.sessionId(), PATCH_X, "x ten").get("id").asText();
        api.post("/api/diffs/" + id + "/review", Map.of("approved", true));
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
        String status = api.get("/api/diffs/" + id).json().get("status").asText();
        String code =
            api.get("/api/projects/" + room.projectId()).json().get("current_code").asText();
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
        String id =
            approvedDiff(api, room.ws(), room.sessionId(), PATCH_X, "x ten").get("id").asText();
        api.post("/api/diffs/" + id + "/review", Map.of("approved", true));
        Path repository =
            room.app().repositoryOf(api.get("/api/projects/" + room.projectId()).json());
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
        assertEquals(404, api.get("/api/projects/" + room.projectId()).status(), where);
        assertEquals(404, api.get("/api/diffs/" + id).status(), where);
        assertFalse(
            java.nio.file.Files.exists(repository),
            where + ": the repository went with the project");
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
        String id =
            approvedDiff(api, room.ws(), room.sessionId(), PATCH_X, "x ten").get("id").asText();
        api.post("/api/diffs/" + id + "/review", Map.of("approved", true));
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
        String code =
            api.get("/api/projects/" + room.projectId()).json().get("current_code").asText();
        assertEquals(committed.status() == 200 ? "x = 10\ny = 2\n" : CODE, code, where);
        assertEquals(404, api.get("/api/diffs/" + id).status(), where);
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
      // Not a quick test: it may run 30 s, far longer than this test holds it.
      api.post(
          "/api/projects/" + room.projectId() + "/tests",
          Map.of("name", "held", "code", held.code()));
      String id =
          approvedDiff(api, room.ws(), room.sessionId(), PATCH_X, "x ten").get("id").asText();
      CompletableFuture<Api.Reply> tests =
          CompletableFuture.supplyAsync(() -> api.post("/api/diffs/" + id + "/tests", Map.of()));
      held.awaitStarted(RUN);

      assertEquals(
          204,
          api.delete("/api/projects/" + room.projectId()).status(),
          "the running tests do not hold the deletion up");
      assertFalse(tests.isDone(), "the tests were still running when the project went");
      held.release(RUN);
      Api.Reply ran = tests.join();
      assertEquals(404, ran.status(), ran.body());
      assertEquals("application/problem+json", ran.contentType());
      assertEquals(404, api.get("/api/diffs/" + id).status());
    }
  }

  @AcrossDatabases
  void theSampleProjectsTestsPassAHarmlessPatchAndCatchABreakingOne(Flavor flavor) {
    fake.reset();
    RunningApp app = SharedApps.of(flavor);
    Api api = app.api();
    JsonNode sample =
        api.allProjects().stream()
            .filter(p -> p.get("slug").asText().equals("agent-triage-system"))
            .findFirst()
            .orElseThrow();
    String project = sample.get("id").asText();
    String session =
        api.post(
                "/api/projects/" + project + "/sessions",
                Map.of("session_type", "node", "node_id", "tests-" + java.util.UUID.randomUUID()))
            .json()
            .get("id")
            .asText();
    String harmless =
        "@@ -1,1 +1,1 @@\n-\"\"\"A small triage agent: routes each customer message to billing, technical or general.\"\"\"\n"
            + "+\"\"\"A small triage agent: sends each customer message to billing, technical or general.\"\"\"\n";
    String breaking =
        "@@ -14,5 +14,5 @@\n         text = message.lower()\n         if any(word in text for word in BILLING_WORDS):\n-            return \"billing\"\n+            return \"general\"\n         if any(word in text for word in TECHNICAL_WORDS):\n";
    try (WsClient ws = WsClient.connect(app)) {
      ws.subscribe(project);
      ws.nextOfType("subscribed");
      String good =
          approvedDiff(api, ws, session, harmless, "reword the docstring").get("id").asText();
      JsonNode goodResults =
          api.post("/api/diffs/" + good + "/tests", Map.of()).json().get("test_results");
      assertEquals(2, goodResults.size());
      goodResults.forEach(
          result -> assertEquals("passed", result.get("status").asText(), result.toString()));

      String bad =
          approvedDiff(api, ws, session, breaking, "route billing to general").get("id").asText();
      Map<String, String> statuses = new java.util.HashMap<>();
      api.post("/api/diffs/" + bad + "/tests", Map.of())
          .json()
          .get("test_results")
          .forEach(
              result ->
                  statuses.put(result.get("test_name").asText(), result.get("status").asText()));
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
      String project = room.projectId();
      JsonNode before = api.get("/api/projects/" + project).json();
      String main = before.get("current_commit").asText();
      String sessions = "/api/projects/" + project + "/sessions";
      assertEquals(
          400,
          api.post(sessions, Map.of("session_type", "node", "node_id", "f", "branch", "bad..name"))
              .status());
      Api.Reply opened =
          api.post(sessions, Map.of("session_type", "node", "node_id", "f", "branch", "feature/x"));
      assertEquals(201, opened.status(), opened.body());
      assertEquals("feature/x", opened.json().get("branch").asText());
      assertEquals(
          409,
          api.post(sessions, Map.of("session_type", "node", "node_id", "f", "branch", "other"))
              .status(),
          "an existing session keeps its branch");
      assertEquals(
          200, api.post(sessions, Map.of("session_type", "node", "node_id", "f")).status());
      String session = opened.json().get("id").asText();

      fake.script(SharedFake.CODER_MODEL)
          .functionCall("submit_patch", submitPatch(PATCH_X, "x ten"));
      fake.script(SharedFake.EVALUATOR_MODEL)
          .structured(verdict(true, "Fine.", "Make x ten on the feature branch"));
      JsonNode diff =
          ofType(
                  framesUntilEnd(
                      room.ws(), Runs.send(api, session, "x ten").get("run_id").asText(), RUN),
                  "diff_created")
              .get(0)
              .get("diff");
      assertEquals("feature/x", diff.get("target_branch").asText());
      assertEquals(main, diff.get("base_commit").asText(), "a new branch starts at HEAD");
      String id = diff.get("id").asText();
      api.post("/api/diffs/" + id + "/review", Map.of("approved", true));
      Api.Reply committed = api.post("/api/diffs/" + id + "/commit", Map.of());
      assertEquals(200, committed.status(), committed.body());
      String sha = committed.json().get("committed_sha").asText();

      JsonNode after = api.get("/api/projects/" + project).json();
      assertEquals(
          main, after.get("current_commit").asText(), "the checked-out branch did not move");
      assertEquals(CODE, after.get("current_code").asText());
      Path repository = room.app().repositoryOf(after);
      assertEquals(
          CODE,
          java.nio.file.Files.readString(repository.resolve("main.py")),
          "the work tree is untouched");
      try (Git git = Git.open(repository.toFile())) {
        org.eclipse.jgit.lib.Repository repo = git.getRepository();
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
        try (org.eclipse.jgit.treewalk.TreeWalk file =
            org.eclipse.jgit.treewalk.TreeWalk.forPath(repo, "main.py", commit.getTree())) {
          assertEquals(
              "x = 10\ny = 2\n",
              new String(
                  repo.open(file.getObjectId(0)).getBytes(),
                  java.nio.charset.StandardCharsets.UTF_8));
        }
      }
      JsonNode branches = api.get("/api/projects/" + project + "/branches").json();
      assertEquals(2, branches.size(), branches.toString());
      assertEquals("feature/x", branches.get(0).get("name").asText());
      assertEquals(sha, branches.get(0).get("commit").asText());
      assertFalse(branches.get(0).get("current").asBoolean());
      assertEquals("main", branches.get(1).get("name").asText());
      assertEquals(main, branches.get(1).get("commit").asText());
      assertTrue(branches.get(1).get("current").asBoolean());
      JsonNode changed =
          room.ws()
              .nextMatching(f -> f.path("type").asText().equals("code_changed"), RUN)
              .get("data");
      assertEquals("feature/x", changed.get("branch").asText());
      assertEquals(
          409,
          api.post("/api/diffs/" + id + "/revert", Map.of()).status(),
          "reverting works on the checked-out branch only");
    }
  }

  @AcrossDatabases
  void aCommitOnAMovedHeadIsRefusedWithBothCommits(Flavor flavor) {
    fake.reset();
    try (Runs.Room room = Runs.Room.open(SharedApps.of(flavor), CODE)) {
      Api api = room.api();
      String project = room.projectId();
      String global = room.sessionId();
      String node =
          api.post(
                  "/api/projects/" + project + "/sessions",
                  Map.of("session_type", "node", "node_id", "y"))
              .json()
              .get("id")
              .asText();
      WsClient ws = room.ws();
      String first = approvedDiff(api, ws, global, PATCH_X, "x ten").get("id").asText();
      JsonNode second = approvedDiff(api, ws, node, PATCH_Y, "y twenty");
      api.post("/api/diffs/" + first + "/review", Map.of("approved", true));
      api.post("/api/diffs/" + second.get("id").asText() + "/review", Map.of("approved", true));
      String head =
          api.post("/api/diffs/" + first + "/commit", Map.of())
              .json()
              .get("committed_sha")
              .asText();

      Api.Reply refused = api.post("/api/diffs/" + second.get("id").asText() + "/commit", Map.of());
      assertEquals(409, refused.status());
      assertEquals("application/problem+json", refused.contentType());
      assertEquals(second.get("base_commit").asText(), refused.json().get("base_commit").asText());
      assertEquals(head, refused.json().get("head_commit").asText());
      assertEquals(
          "human_approved",
          api.get("/api/diffs/" + second.get("id").asText()).json().get("status").asText());
      assertEquals(
          List.of(first),
          ids(api.get("/api/projects/" + project + "/diffs?status=committed").json()));
      assertEquals(2, api.get("/api/projects/" + project + "/diffs").json().size());
      assertEquals(400, api.get("/api/projects/" + project + "/diffs?status=merged").status());
    }
  }

  @AcrossDatabases
  void aRejectionWithFeedbackStartsANewAttemptThatKnowsWhy(Flavor flavor) {
    fake.reset();
    try (Runs.Room room = Runs.Room.open(SharedApps.of(flavor), CODE)) {
      Api api = room.api();
      String project = room.projectId();
      String session = room.sessionId();
      WsClient ws = room.ws();
      String id = approvedDiff(api, ws, session, PATCH_X, "x ten").get("id").asText();
      Api.Reply noFeedback = api.post("/api/diffs/" + id + "/review", Map.of("approved", false));
      assertEquals(400, noFeedback.status());
      assertEquals("evaluator_approved", api.get("/api/diffs/" + id).json().get("status").asText());

      fake.script(SharedFake.CODER_MODEL).text("Understood, I will use a constant instead.");
      JsonNode rejected =
          api.post(
                  "/api/diffs/" + id + "/review",
                  Map.of("approved", false, "feedback", "Use a named constant"))
              .json();
      assertEquals("human_rejected", rejected.get("diff").get("status").asText());
      assertEquals("Use a named constant", rejected.get("diff").get("human_feedback").asText());
      String runId = rejected.get("run_id").asText();
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
          rejection.get("data").get("diff").get("updated_at"),
          api.get("/api/diffs/" + id).json().get("updated_at"),
          "the published rejection is the stored one");
      String retry = fake.requestsFor(SharedFake.CODER_MODEL).get(1).inputText();
      assertTrue(
          retry.contains("x ten")
              && retry.contains("Use a named constant")
              && retry.contains("+x = 10"),
          retry);
      assertEquals(
          404, api.post("/api/diffs/no-such-diff/review", Map.of("approved", true)).status());
      assertEquals(404, api.get("/api/sessions/no-such-session/diffs").status());
    }
  }

  @AcrossDatabases
  void theEvaluatorRefinesTheCommitMessageThatIsThenUsed(Flavor flavor) {
    fake.reset();
    try (Runs.Room room = Runs.Room.open(SharedApps.of(flavor), CODE)) {
      Api api = room.api();
      String project = room.projectId();
      String session = room.sessionId();
      WsClient ws = room.ws();
      String id = approvedDiff(api, ws, session, PATCH_X, "x ten").get("id").asText();
      fake.script(SharedFake.EVALUATOR_MODEL)
          .usage(300, 30)
          .structured(
              Api.json(Map.of("commit_message", "Raise x to ten\n\nThe limit needs headroom.")));
      Api.Reply refined =
          api.post("/api/diffs/" + id + "/refine-message", Map.of("hint", "mention the headroom"));
      assertEquals(200, refined.status(), refined.body());
      assertEquals(
          "Raise x to ten\n\nThe limit needs headroom.",
          refined.json().get("commit_message").asText());
      RecordedRequest asked = fake.requestsFor(SharedFake.EVALUATOR_MODEL).get(1);
      assertTrue(
          asked.inputText().contains("mention the headroom")
              && asked.inputText().contains("+x = 10"),
          asked.inputText());
      assertEquals("json_schema", asked.body().path("text").path("format").path("type").asText());
      assertEquals(
          "Raise x to ten\n\nThe limit needs headroom.",
          api.get("/api/diffs/" + id).json().get("commit_message").asText());
      assertEquals(
          570,
          api.get("/api/sessions/" + session)
              .json()
              .get("usage_totals")
              .get("total_tokens")
              .asLong(),
          "the coder's, the evaluator's and the refinement's tokens");

      api.post("/api/diffs/" + id + "/review", Map.of("approved", true));
      assertEquals(
          "Raise x to ten\n\nThe limit needs headroom.",
          api.post("/api/diffs/" + id + "/commit", Map.of()).json().get("commit_message").asText());
      assertEquals(404, api.post("/api/diffs/no-such-diff/refine-message", Map.of()).status());
    }
  }

  @AcrossDatabases
  void aRejectionWhileTheSessionIsBusyIsRefusedAndLeavesTheDiffAsItWas(Flavor flavor) {
    fake.reset();
    try (Runs.Room room = Runs.Room.open(SharedApps.of(flavor), CODE)) {
      Api api = room.api();
      String id =
          approvedDiff(api, room.ws(), room.sessionId(), PATCH_X, "x ten").get("id").asText();
      FakeOpenAi.Hold hold = new FakeOpenAi.Hold();
      fake.script(SharedFake.CODER_MODEL).holdUntil(hold).text("Still thinking about y.");
      String busyRun = Runs.send(api, room.sessionId(), "Now think about y").get("run_id").asText();
      hold.awaitHeld(1, RUN);

      Map<String, Object> rejection = Map.of("approved", false, "feedback", "Leave x alone");
      Api.Reply refused = api.post("/api/diffs/" + id + "/review", rejection);
      assertEquals(409, refused.status(), refused.body());
      assertEquals("application/problem+json", refused.contentType());
      assertEquals(
          busyRun, refused.json().get("run_id").asText(), "the problem names the run in the way");
      assertEquals(
          "evaluator_approved",
          api.get("/api/diffs/" + id).json().get("status").asText(),
          "the diff stays as it was");
      // Approving starts no run, so a busy session does not hold it up; rejecting it then is
      // refused all the same.
      assertEquals(
          200, api.post("/api/diffs/" + id + "/review", Map.of("approved", true)).status());
      assertEquals(409, api.post("/api/diffs/" + id + "/review", rejection).status());
      assertEquals("human_approved", api.get("/api/diffs/" + id).json().get("status").asText());

      hold.release();
      List<String> decisions =
          ofType(framesUntilEnd(room.ws(), busyRun, RUN), "diff_updated").stream()
              .map(d -> d.get("diff").get("status").asText())
              .toList();
      assertEquals(List.of("human_approved"), decisions, "no refused rejection was published");
      fake.script(SharedFake.CODER_MODEL).text("Then x stays as it is.");
      Api.Reply accepted = api.post("/api/diffs/" + id + "/review", rejection);
      assertEquals(200, accepted.status(), "once the session is free: " + accepted.body());
      assertEquals("human_rejected", accepted.json().get("diff").get("status").asText());
      framesUntilEnd(room.ws(), accepted.json().get("run_id").asText(), RUN);
    }
  }

  @AcrossDatabases
  void testsRunOnADiffOnlyUntilItIsCommitted(Flavor flavor) {
    fake.reset();
    try (Runs.Room room = Runs.Room.open(SharedApps.of(flavor), CODE)) {
      Api api = room.api();
      api.post(
          "/api/projects/" + room.projectId() + "/tests",
          Map.of("name", "x is ten", "code", "assert x == 10", "quick_test", true));
      String id =
          approvedDiff(api, room.ws(), room.sessionId(), PATCH_X, "x ten").get("id").asText();
      Api.Reply before = api.post("/api/diffs/" + id + "/tests", Map.of());
      assertEquals(200, before.status(), before.body());
      assertEquals("passed", before.json().get("test_results").get(0).get("status").asText());
      api.post("/api/diffs/" + id + "/review", Map.of("approved", true));
      assertEquals(200, api.post("/api/diffs/" + id + "/commit", Map.of()).status());

      Api.Reply refused = api.post("/api/diffs/" + id + "/tests", Map.of());
      assertEquals(409, refused.status(), refused.body());
      assertEquals("application/problem+json", refused.contentType());
      assertEquals("committed", refused.json().get("diff_status").asText());
      JsonNode stored = api.get("/api/diffs/" + id).json();
      assertEquals(
          before.json().get("tests_run_at"),
          stored.get("tests_run_at"),
          "the tests did not run again");
      assertEquals(before.json().get("test_results"), stored.get("test_results"));
    }
  }

  @AcrossDatabases
  void aTestsOutputIsCutAt4000Characters(Flavor flavor) {
    fake.reset();
    try (Runs.Room room = Runs.Room.open(SharedApps.of(flavor), CODE)) {
      Api api = room.api();
      // Characters, not bytes: each é is two bytes in UTF-8.
      String exactly = "é".repeat(4000);
      String over = "é".repeat(3999) + "b";
      api.post(
          "/api/projects/" + room.projectId() + "/tests",
          Map.of(
              "name",
              "exactly 4000",
              "code",
              "import sys\nsys.stdout.write('é' * 4000)\n",
              "quick_test",
              true));
      api.post(
          "/api/projects/" + room.projectId() + "/tests",
          Map.of(
              "name",
              "over 4000",
              "code",
              "import sys\nsys.stdout.write('é' * 3999 + 'b' + 'c' * 1000)\n",
              "quick_test",
              true));
      // Four bytes in UTF-8 and two UTF-16 units each: still one character.
      api.post(
          "/api/projects/" + room.projectId() + "/tests",
          Map.of(
              "name",
              "over 4000 wide",
              "code",
              "import sys\nsys.stdout.write('\\U0001F600' * 4001)\n",
              "quick_test",
              true));
      String id =
          approvedDiff(api, room.ws(), room.sessionId(), PATCH_X, "x ten").get("id").asText();
      Map<String, String> outputs = new java.util.HashMap<>();
      api.post("/api/diffs/" + id + "/tests", Map.of())
          .json()
          .get("test_results")
          .forEach(r -> outputs.put(r.get("test_name").asText(), r.get("output").asText()));
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
      String node =
          api.post(
                  "/api/projects/" + room.projectId() + "/sessions",
                  Map.of("session_type", "node", "node_id", "five"))
              .json()
              .get("id")
              .asText();
      String ten =
          approvedDiff(api, room.ws(), room.sessionId(), PATCH_X, "x ten").get("id").asText();
      JsonNode five =
          approvedDiff(api, room.ws(), node, "@@ -1,2 +1,2 @@\n-x = 1\n+x = 5\n y = 2\n", "x five");
      String preview = "/api/diffs/" + five.get("id").asText() + "/preview";
      assertEquals("x = 5\ny = 2\n", api.get(preview).json().get("patched_code").asText());
      api.post("/api/diffs/" + ten + "/review", Map.of("approved", true));
      String head =
          api.post("/api/diffs/" + ten + "/commit", Map.of()).json().get("committed_sha").asText();

      Api.Reply refused = api.get(preview);
      assertEquals(
          409, refused.status(), "the line it changes is no longer x = 1: " + refused.body());
      assertEquals("application/problem+json", refused.contentType());
      assertEquals(
          "urn:vibegrapher:problem:diff-does-not-apply", refused.json().get("type").asText());
      assertEquals(five.get("base_commit").asText(), refused.json().get("base_commit").asText());
      assertEquals(head, refused.json().get("head_commit").asText());
      assertEquals(
          "evaluator_approved",
          api.get("/api/diffs/" + five.get("id").asText()).json().get("status").asText());
    }
  }

  private static List<String> ids(JsonNode diffs) {
    return java.util.stream.StreamSupport.stream(diffs.spliterator(), false)
        .map(d -> d.get("id").asText())
        .toList();
  }
}
