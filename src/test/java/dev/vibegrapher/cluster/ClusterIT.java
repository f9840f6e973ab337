package dev.vibegrapher.cluster;

import static dev.vibegrapher.support.Runs.framesUntilEnd;
import static dev.vibegrapher.support.Runs.submitPatch;
import static dev.vibegrapher.support.Runs.verdict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibegrapher.client.project.ProjectResponse;
import dev.vibegrapher.client.review.CommitRequest;
import dev.vibegrapher.client.review.ReviewRequest;
import dev.vibegrapher.support.Api;
import dev.vibegrapher.support.Eventually;
import dev.vibegrapher.support.FakeOpenAi;
import dev.vibegrapher.support.Flavor;
import dev.vibegrapher.support.GitRemote;
import dev.vibegrapher.support.OnPostgreSql;
import dev.vibegrapher.support.RunningApp;
import dev.vibegrapher.support.Runs;
import dev.vibegrapher.support.SharedApps;
import dev.vibegrapher.support.SharedFake;
import dev.vibegrapher.support.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterAll;

/**
 * Three instances of the real jar on loopback ports, each with its own empty data directory, on one
 * PostgreSQL database, which is all they share: any instance serves any request. A project made on
 * A is read on B and C; a run on A, watched on C, committed through B; two commits of one base
 * through A and B at once, one lands; two messages to one session through A and B at once, one
 * runs; a fourth instance joins and serves at once; git clones from C what was committed on A; what
 * an instance keeps of a project in memory (its usage totals, its room) follows what the others do
 * to it.
 *
 * <p>PostgreSQL only: H2 is embedded in one process, so no second instance can share it.
 */
class ClusterIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String CODE = "x = 1\ny = 2\n";
  private static final String PATCH_X = "@@ -1,2 +1,2 @@\n-x = 1\n+x = 10\n y = 2\n";
  private static final String PATCH_Y = "@@ -1,2 +1,2 @@\n x = 1\n-y = 2\n+y = 20\n";

  private static RunningApp a;
  private static RunningApp b;
  private static RunningApp c;

  private final FakeOpenAi fake = SharedFake.fake();

  private static synchronized void startThree() {
    if (a != null) {
      return;
    }
    a = RunningApp.prepare("three-a", Flavor.POSTGRESQL, SharedApps.sharedSettings()).start();
    b = RunningApp.joining("three-b", a, SharedApps.sharedSettings()).start();
    c = RunningApp.joining("three-c", a, SharedApps.sharedSettings()).start();
  }

  @AfterAll
  static void stopAll() {
    for (RunningApp app : new RunningApp[] {c, b, a}) {
      if (app != null) {
        app.close();
      }
    }
  }

  @OnPostgreSql
  void aProjectMadeOnOneInstanceIsWorkedOnThroughAllOfThem(Flavor flavor) throws Exception {
    startThree();
    fake.reset();
    ProjectResponse made =
        a.api()
            .client()
            .projects()
            .create(
                new dev.vibegrapher.client.project.CreateProjectRequest(
                    "Cluster " + java.util.UUID.randomUUID(), "main.py", CODE));
    assertEquals(made, b.api().client().projects().get(made.id()), "read on B as made on A");
    assertEquals(made, c.api().client().projects().get(made.id()), "and on C");
    assertTrue(
        c.api().allProjects().stream().anyMatch(p -> p.get("id").asText().equals(made.id())),
        "a new project is in every instance's list at once");

    String session = Runs.openSession(b.api(), made.id());
    try (WsClient onC = watching(c, made.id())) {
      String diffId = proposedDiff(a, session, PATCH_X, "Make x ten");
      List<JsonNode> frames = framesUntilDiffEnd(onC);
      assertEquals("vibecode_completed", frames.get(frames.size() - 1).get("type").asText());
      assertGapless(frames);

      b.api().client().diffs().review(diffId, new ReviewRequest(true, null));
      String sha = b.api().client().diffs().commit(diffId, new CommitRequest(null)).committedSha();
      JsonNode changed =
          onC.nextMatching(f -> f.path("type").asText().equals("code_changed"), WAIT);
      assertEquals(sha, changed.get("data").get("commit").asText(), changed.toString());
      for (RunningApp app : List.of(a, b, c)) {
        ProjectResponse now = app.api().client().projects().get(made.id());
        assertEquals(sha, now.currentCommit(), "every instance reads the new HEAD at once");
        assertEquals("x = 10\ny = 2\n", now.currentCode());
      }
    }
    try (Git clone = GitRemote.open(c, made.slug())) {
      assertEquals(sha(clone), b.api().client().projects().get(made.id()).currentCommit());
      assertEquals(2, count(clone), "the initial commit and the one made through B");
    }
  }

  @OnPostgreSql
  void ofTwoCommitsOfOneBaseThroughTwoInstancesOneLands(Flavor flavor) throws Exception {
    startThree();
    fake.reset();
    String project = Runs.newProject(a.api(), CODE);
    String first = proposedDiffInNewSession(a, project, "one", PATCH_X, "Make x ten");
    String second = proposedDiffInNewSession(b, project, "two", PATCH_Y, "Make y twenty");
    a.api().client().diffs().review(first, new ReviewRequest(true, null));
    b.api().client().diffs().review(second, new ReviewRequest(true, null));

    // Raw: the statuses of two answers raced in order are what is checked.
    Api.Reply[] replies =
        Api.inOrder(
            Api.Order.AT_ONCE,
            () -> a.api().post("/api/diffs/" + first + "/commit", Map.of()),
            () -> b.api().post("/api/diffs/" + second + "/commit", Map.of()));
    List<Integer> statuses = List.of(replies[0].status(), replies[1].status());
    assertTrue(
        statuses.contains(200) && statuses.contains(409),
        "one lands, the other finds the branch moved: "
            + replies[0].body()
            + " / "
            + replies[1].body());
    Api.Reply refused = replies[0].status() == 409 ? replies[0] : replies[1];
    assertTrue(refused.body().contains("head-moved"), refused.body());
    ProjectResponse after = c.api().client().projects().get(project);
    try (Git clone = GitRemote.open(c, after.slug())) {
      assertEquals(2, count(clone), "exactly one commit on top of the initial one");
      assertEquals(after.currentCommit(), sha(clone));
    }
  }

  @OnPostgreSql
  void ofTwoMessagesToOneSessionThroughTwoInstancesOneRuns(Flavor flavor) throws Exception {
    startThree();
    fake.reset();
    String project = Runs.newProject(a.api(), CODE);
    String session = Runs.openSession(a.api(), project);
    FakeOpenAi.Hold hold = new FakeOpenAi.Hold();
    fake.script(SharedFake.CODER_MODEL).holdUntil(hold).text("Held.");
    fake.script(SharedFake.CODER_MODEL).holdUntil(hold).text("Held too.");
    try (WsClient watching = watching(c, project)) {
      // Raw: the statuses of two answers raced at once are what is checked.
      Api.Reply[] replies =
          Api.inOrder(
              Api.Order.AT_ONCE,
              () -> a.api().post("/api/sessions/" + session + "/messages", Map.of("prompt", "A")),
              () -> b.api().post("/api/sessions/" + session + "/messages", Map.of("prompt", "B")));
      List<Integer> statuses = List.of(replies[0].status(), replies[1].status());
      assertTrue(
          statuses.contains(202) && statuses.contains(409),
          "one runs, the other finds the session busy: "
              + replies[0].body()
              + " / "
              + replies[1].body());
      Api.Reply busy = replies[0].status() == 409 ? replies[0] : replies[1];
      Api.Reply accepted = replies[0].status() == 202 ? replies[0] : replies[1];
      assertTrue(busy.body().contains("session-busy"), busy.body());
      String runId = accepted.json().get("run_id").asText();
      assertEquals(runId, busy.json().get("run_id").asText(), "the busy answer names the run");
      hold.release();
      List<JsonNode> frames = framesUntilEnd(watching, runId, WAIT);
      assertEquals("vibecode_completed", frames.get(frames.size() - 1).get("type").asText());
    }
    assertEquals(
        1,
        a.api().client().sessions().messages(session).stream()
            .filter(m -> m.role().equals("user"))
            .count(),
        "one prompt stored");
  }

  @OnPostgreSql
  void aNewInstanceJoinsAndServesAtOnce(Flavor flavor) throws Exception {
    startThree();
    fake.reset();
    String project = Runs.newProject(a.api(), CODE);
    String session = Runs.openSession(a.api(), project);
    try (RunningApp d = RunningApp.joining("three-d", a, SharedApps.sharedSettings()).start();
        WsClient onA = watching(a, project)) {
      assertEquals(
          a.api().client().projects().get(project), d.api().client().projects().get(project));
      String diffId = proposedDiff(d, session, PATCH_X, "Make x ten");
      assertEquals("vibecode_completed", last(framesUntilDiffEnd(onA)));
      d.api().client().diffs().review(diffId, new ReviewRequest(true, null));
      String sha = d.api().client().diffs().commit(diffId, new CommitRequest(null)).committedSha();
      assertEquals(sha, a.api().client().projects().get(project).currentCommit());
    }
  }

  @OnPostgreSql
  void whatAnInstanceKeepsOfAProjectFollowsTheOtherInstances(Flavor flavor) throws Exception {
    startThree();
    fake.reset();
    String project = Runs.newProject(a.api(), CODE);
    String session = Runs.openSession(a.api(), project);
    assertEquals(0, tokensOn(b, project), "B reads (and keeps) the totals before any call");
    try (WsClient onC = watching(c, project)) {
      fake.script(SharedFake.CODER_MODEL).reply(reply -> reply.usage(700, 70).text("Answered."));
      String runId = Runs.start(a.api(), session, "Explain").runId();
      assertEquals("vibecode_completed", last(framesUntilEnd(onC, runId, WAIT)));
      long onA = tokensOn(a, project);
      assertEquals(770, onA, "the call's tokens, on the instance that ran it");
      assertEquals(
          onA,
          Eventually.answer(() -> tokensOn(b, project), 770L, WAIT),
          "and on B, after its event");

      a.api().client().projects().delete(project);
      // C's room let go of the project: a subscribe now finds it unknown, not already subscribed.
      assertEquals(
          Eventually.unknownProject(project), Eventually.subscribeRefusal(onC, project, WAIT));
    }
  }

  private static long tokensOn(RunningApp app, String project) {
    return app.api().client().projects().get(project).usageTotals().totalTokens();
  }

  private String proposedDiffInNewSession(
      RunningApp app, String project, String node, String patch, String message) {
    String session =
        app.api()
            .client()
            .sessions()
            .open(
                project,
                new dev.vibegrapher.client.session.CreateSessionRequest("node", node, null))
            .id();
    try (WsClient watching = watching(app, project)) {
      String diffId = proposedDiff(app, session, patch, message);
      framesUntilDiffEnd(watching);
      return diffId;
    }
  }

  /** A run on the app that proposes the patch, which the evaluator approves; the diff's id. */
  private String proposedDiff(RunningApp app, String session, String patch, String message) {
    fake.script(SharedFake.CODER_MODEL).functionCall("submit_patch", submitPatch(patch, message));
    fake.script(SharedFake.EVALUATOR_MODEL).structured(verdict(true, "Good.", message));
    String runId = Runs.start(app.api(), session, message).runId();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      var pending = app.api().client().sessions().pendingDiffs(session);
      if (!pending.isEmpty()) {
        return pending.get(0).id();
      }
      java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
    throw new AssertionError("no diff from run " + runId);
  }

  /** Every event frame up to the run's end, from a watcher that joined before the run. */
  private static List<JsonNode> framesUntilDiffEnd(WsClient watching) {
    List<JsonNode> frames = new ArrayList<>();
    while (true) {
      JsonNode frame = watching.nextMatching(f -> f.has("seq"), WAIT);
      frames.add(frame);
      String type = frame.get("type").asText();
      if (type.equals("vibecode_completed") || type.equals("vibecode_error")) {
        return frames;
      }
    }
  }

  private static void assertGapless(List<JsonNode> frames) {
    List<Long> seqs = frames.stream().map(f -> f.get("seq").asLong()).toList();
    for (int i = 1; i < seqs.size(); i++) {
      assertEquals(seqs.get(i - 1) + 1, seqs.get(i), "in seq order, no gap: " + seqs);
    }
  }

  private static String last(List<JsonNode> frames) {
    return frames.get(frames.size() - 1).get("type").asText();
  }

  private static String sha(Git git) throws Exception {
    return git.getRepository().resolve("HEAD").name();
  }

  private static long count(Git git) throws Exception {
    return java.util.stream.StreamSupport.stream(git.log().call().spliterator(), false).count();
  }

  private static WsClient watching(RunningApp app, String project) {
    WsClient client = WsClient.connect(app);
    client.subscribe(project);
    client.nextOfType("subscribed");
    return client;
  }
}
