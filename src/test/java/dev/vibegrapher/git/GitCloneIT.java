package dev.vibegrapher.git;

import static dev.vibegrapher.support.GitRemote.git;
import static dev.vibegrapher.support.Runs.framesUntilEnd;
import static dev.vibegrapher.support.Runs.ofType;
import static dev.vibegrapher.support.Runs.submitPatch;
import static dev.vibegrapher.support.Runs.verdict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vibegrapher.client.identity.IssuedTokenResponse;
import dev.vibegrapher.client.identity.TokenRequest;
import dev.vibegrapher.client.project.CommitResponse;
import dev.vibegrapher.client.project.ProjectResponse;
import dev.vibegrapher.client.review.CommitRequest;
import dev.vibegrapher.client.review.ReviewRequest;
import dev.vibegrapher.support.AcrossDatabases;
import dev.vibegrapher.support.Api;
import dev.vibegrapher.support.FakeOpenAi;
import dev.vibegrapher.support.Flavor;
import dev.vibegrapher.support.GitRemote.Outcome;
import dev.vibegrapher.support.RunningApp;
import dev.vibegrapher.support.Runs;
import dev.vibegrapher.support.SharedApps;
import dev.vibegrapher.support.SharedFake;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A project cloned and fetched with the real git command line over HTTP, with the API's tokens; and
 * what an intruder meets there: no credentials, a wrong token, a push, names that are no project's.
 */
class GitCloneIT {

  static final String CODE = "x = 1\ny = 2\n";
  static final String PATCH = "@@ -1,2 +1,2 @@\n-x = 1\n+x = 10\n y = 2\n";
  static final String INFO_REFS = "/info/refs?service=git-upload-pack";

  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private final FakeOpenAi fake = SharedFake.fake();

  @AcrossDatabases
  void aViewerClonesAndFetchesWhatTheApiShows(Flavor flavor) throws Exception {
    fake.reset();
    RunningApp app = SharedApps.of(flavor);
    Path work = Files.createTempDirectory("git-clone-it");
    try (Runs.Room room = Runs.Room.open(app, CODE)) {
      Api admin = room.api();
      String viewer = token(admin, "viewer");
      ProjectResponse project = admin.client().projects().get(room.projectId());

      Path basic = work.resolve("basic");
      Outcome cloned = git(work, "clone", url(app, "git:" + viewer, project.slug()), "basic");
      assertEquals(0, cloned.exit(), cloned.output());
      assertEquals(CODE, Files.readString(basic.resolve("main.py")));
      assertEquals(project.currentCommit(), git(basic, "rev-parse", "HEAD").line());

      commitAnApprovedDiff(room);
      ProjectResponse changed = admin.client().projects().get(room.projectId());
      Outcome fetched = git(basic, "pull", "--ff-only");
      assertEquals(0, fetched.exit(), fetched.output());
      assertEquals(changed.currentCode(), Files.readString(basic.resolve("main.py")));
      assertEquals(
          admin.client().projects().file(room.projectId(), "main.py").content(),
          Files.readString(basic.resolve("main.py")));
      assertEquals(
          admin.client().projects().commits(room.projectId(), null, null, null).stream()
              .map(CommitResponse::sha)
              .toList(),
          git(basic, "log", "--format=%H").lines(),
          "the clone has the project's history, commit for commit");

      Path bearer = work.resolve("bearer");
      Outcome withHeader =
          git(
              work,
              "-c",
              "http.extraHeader=Authorization: Bearer " + viewer,
              "clone",
              url(app, null, project.slug()),
              "bearer");
      assertEquals(0, withHeader.exit(), withHeader.output());
      assertEquals(changed.currentCommit(), git(bearer, "rev-parse", "HEAD").line());
    } finally {
      deleteTree(work);
    }
  }

  @AcrossDatabases
  void aPushIsRefusedAndChangesNothing(Flavor flavor) throws Exception {
    RunningApp app = SharedApps.of(flavor);
    Api admin = app.api();
    String projectId = Runs.newProject(admin, CODE);
    ProjectResponse project = admin.client().projects().get(projectId);
    Path work = Files.createTempDirectory("git-push-it");
    try {
      Path clone = work.resolve("clone");
      // Even the admin may not push: every change goes through review.
      String url = url(app, "git:" + app.adminToken(), project.slug());
      assertEquals(0, git(work, "clone", url, "clone").exit());
      Files.writeString(clone.resolve("main.py"), "x = 666\n");
      assertEquals(0, git(clone, "commit", "-am", "unreviewed").exit());
      Outcome pushed = git(clone, "push", "origin", "HEAD:main");
      assertNotEquals(0, pushed.exit(), pushed.output());
      assertTrue(pushed.output().contains("403"), pushed.output());
      Outcome branch = git(clone, "push", "origin", "HEAD:refs/heads/sneaky");
      assertNotEquals(0, branch.exit(), branch.output());
      ProjectResponse after = admin.client().projects().get(projectId);
      assertEquals(project.currentCommit(), after.currentCommit());
      assertEquals(CODE, after.currentCode());
      assertEquals(List.of("main"), branchNames(admin, projectId));

      Api.Reply receivePack =
          admin.get(
              "/git/" + project.slug() + ".git/info/refs?service=git-receive-pack",
              Map.of("Authorization", basic("git", app.adminToken())));
      assertEquals(403, receivePack.status(), receivePack.body());
      // git's "dumb" protocol would serve the repository's files: off.
      for (String file : List.of("/HEAD", "/info/refs", "/objects/info/packs", "/config")) {
        Api.Reply dumb = admin.get("/git/" + project.slug() + ".git" + file);
        assertTrue(dumb.status() >= 400, file + " is not served: " + dumb.status());
      }
    } finally {
      deleteTree(work);
    }
  }

  @AcrossDatabases
  void withoutAValidTokenGitIsAskedForOneAndGetsNothing(Flavor flavor) throws Exception {
    RunningApp app = SharedApps.of(flavor);
    Api admin = app.api();
    String slug = admin.client().projects().get(Runs.newProject(admin, CODE)).slug();
    String infoRefs = "/git/" + slug + ".git" + INFO_REFS;
    IssuedTokenResponse issued = issued(admin, "viewer");
    admin.client().tokens().revoke(issued.id());
    String revoked = issued.token();

    Map<String, Map<String, String>> intruders =
        Map.of(
            "no credentials", Map.of(),
            "a wrong token as the Basic password", Map.of("Authorization", basic("git", "vgp_no")),
            "a revoked token", Map.of("Authorization", basic("git", revoked)),
            "a token as the Basic user name", Map.of("Authorization", basic(revoked, "")),
            "a wrong bearer", Map.of("Authorization", "Bearer vgp_no"));
    intruders.forEach(
        (who, headers) -> {
          Api.Reply reply = admin.anonymous().get(infoRefs, headers);
          assertEquals(401, reply.status(), who + ": " + reply.body());
          assertEquals("Basic realm=\"vibegrapher\"", reply.header("WWW-Authenticate"), who);
          assertFalse(reply.body().contains("refs/heads"), who + ": " + reply.body());
        });

    Path work = Files.createTempDirectory("git-intruder-it");
    try {
      Outcome anonymous = git(work, "clone", url(app, null, slug), "anonymous");
      assertNotEquals(0, anonymous.exit(), anonymous.output());
      Outcome wrong = git(work, "clone", url(app, "git:vgp_wrong", slug), "wrong");
      assertNotEquals(0, wrong.exit(), wrong.output());
      assertTrue(wrong.output().contains("Authentication failed"), wrong.output());
      assertFalse(Files.exists(work.resolve("anonymous")) || Files.exists(work.resolve("wrong")));
    } finally {
      deleteTree(work);
    }

    // Basic is for git alone: the API keeps asking for a bearer.
    Api.Reply api =
        admin.anonymous().get("/api/projects", Map.of("Authorization", basic("git", revoked)));
    assertEquals(401, api.status());
    assertEquals("Bearer", api.header("WWW-Authenticate"));
  }

  @AcrossDatabases
  void namesThatAreNoProjectsAreNotFoundAndLeakNothing(Flavor flavor) throws Exception {
    RunningApp app = SharedApps.of(flavor);
    Api admin = app.api();
    String slug = admin.client().projects().get(Runs.newProject(admin, CODE)).slug();
    String credentials = basic("git", app.adminToken());
    Api.Reply unknown = admin.get("/git/no-such-project-" + UUID.randomUUID() + ".git" + INFO_REFS);
    assertEquals(404, unknown.status(), unknown.body());

    Path work = Files.createTempDirectory("git-unknown-it");
    try {
      Outcome missing =
          git(work, "clone", url(app, "git:" + app.adminToken(), "no-such-project"), "x");
      assertNotEquals(0, missing.exit());
      assertTrue(missing.output().contains("not found"), missing.output());
    } finally {
      deleteTree(work);
    }

    String dataDirectory = app.dataDirectory().toAbsolutePath().toString();
    for (String raw :
        List.of(
            "/git/..%2F" + slug + ".git" + INFO_REFS,
            "/git/%2e%2e/%2e%2e/" + slug + ".git" + INFO_REFS,
            "/git/../projects/" + slug + "/.git" + INFO_REFS,
            "/git/" + slug + "/.git" + INFO_REFS,
            "/git/" + slug + ".git/../../" + slug + ".git" + INFO_REFS,
            "/git/%2Fetc%2Fpasswd.git" + INFO_REFS,
            "/git/" + dataDirectory + "/projects/" + slug + INFO_REFS,
            "/git/.." + INFO_REFS)) {
      Raw bearer = rawGet(app, raw, "Bearer " + app.adminToken());
      Raw asGit = rawGet(app, raw, credentials);
      for (Raw answer : List.of(bearer, asGit)) {
        assertTrue(
            answer.status() >= 400 && answer.status() < 500,
            raw + " is refused: " + answer.status() + " " + answer.body());
        assertFalse(answer.body().contains("refs/heads"), raw + ": " + answer.body());
        assertFalse(answer.body().contains(dataDirectory), raw + ": " + answer.body());
        assertFalse(answer.body().contains("Exception"), raw + ": " + answer.body());
      }
    }
  }

  private void commitAnApprovedDiff(Runs.Room room) {
    fake.script(SharedFake.CODER_MODEL).functionCall("submit_patch", submitPatch(PATCH, "x ten"));
    fake.script(SharedFake.EVALUATOR_MODEL).structured(verdict(true, "Good", "Make x ten"));
    String runId = Runs.start(room.api(), room.sessionId(), "Make x ten").runId();
    String diffId =
        ofType(framesUntilEnd(room.ws(), runId, Duration.ofSeconds(30)), "diff_created")
            .get(0)
            .get("diff")
            .get("id")
            .asText();
    room.api().client().diffs().review(diffId, new ReviewRequest(true, null));
    room.api().client().diffs().commit(diffId, new CommitRequest("Make x ten"));
  }

  private static String token(Api admin, String role) {
    return issued(admin, role).token();
  }

  private static IssuedTokenResponse issued(Api admin, String role) {
    return admin
        .client()
        .tokens()
        .issue(new TokenRequest("git " + role + " " + UUID.randomUUID(), role, null));
  }

  record Raw(int status, String body) {}

  /** A GET of a path sent exactly as written (Api.get would resolve its dot segments). */
  private static Raw rawGet(RunningApp app, String rawPath, String authorization) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + rawPath))
            .header("Authorization", authorization)
            .timeout(Duration.ofSeconds(60))
            .build();
    HttpResponse<String> response =
        HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return new Raw(response.statusCode(), response.body());
  }

  private static List<String> branchNames(Api admin, String projectId) {
    return admin.get("/api/projects/" + projectId + "/branches").json().findValuesAsText("name");
  }

  private static String url(RunningApp app, String userInfo, String slug) {
    String base = app.uri("/git/" + slug + ".git").toString();
    return userInfo == null ? base : base.replace("http://", "http://" + userInfo + "@");
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static void deleteTree(Path root) {
    try (var paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
