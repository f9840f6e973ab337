package dev.vibegrapher.project.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibegrapher.client.ProblemException;
import dev.vibegrapher.client.ProjectsApi;
import dev.vibegrapher.client.Vibegrapher;
import dev.vibegrapher.client.json.WireJsonb;
import dev.vibegrapher.client.project.CreateProjectRequest;
import dev.vibegrapher.client.project.FileEntry;
import dev.vibegrapher.client.project.ProjectPage;
import dev.vibegrapher.client.project.ProjectResponse;
import dev.vibegrapher.client.project.ProjectSummary;
import dev.vibegrapher.client.project.TestCaseRequest;
import dev.vibegrapher.client.project.TestCaseResponse;
import dev.vibegrapher.support.AcrossDatabases;
import dev.vibegrapher.support.Api;
import dev.vibegrapher.support.Flavor;
import dev.vibegrapher.support.GitRemote;
import dev.vibegrapher.support.Outcomes;
import dev.vibegrapher.support.SharedApps;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.function.Executable;

class ProjectsApiIT {

  private static final String ADDED_FIRST = "added first";
  private static final String DELETED_FIRST = "deleted first";

  private static String unique(String name) {
    return name + " " + UUID.randomUUID().toString().substring(0, 8);
  }

  @AcrossDatabases
  void theSampleProjectIsSeededWithItsTwoTests(Flavor flavor) {
    Vibegrapher client = SharedApps.api(flavor).client();
    ProjectSummary sample = null;
    ProjectPage page = client.projects().list(200, null);
    while (true) {
      for (ProjectSummary project : page.projects()) {
        if (project.slug().equals("agent-triage-system")) {
          sample = project;
        }
      }
      if (page.nextCursor() == null) {
        break;
      }
      page = client.projects().list(200, page.nextCursor());
    }
    assertNotNull(sample, "the sample project is listed");
    assertEquals("Agent Triage System", sample.name());
    assertEquals("agents.py", sample.filename());
    assertTrue(client.projects().get(sample.id()).currentCode().contains("class TriageAgent"));
    List<TestCaseResponse> tests = client.testCases().ofProject(sample.id());
    assertEquals(2, tests.size());
    assertEquals("Test triage routing", tests.get(0).name());
    assertFalse(tests.get(0).quickTest());
    assertEquals("Test quick response", tests.get(1).name());
    assertTrue(tests.get(1).quickTest());
  }

  @AcrossDatabases
  void createsAProjectAsARepositoryWithOneCommitOnMain(Flavor flavor) throws Exception {
    Api api = SharedApps.api(flavor);
    String name = unique("Créme Brûlée: Planner!");
    // Raw: the status, the Location header and the members left out are the HTTP answer's own.
    Api.Reply created = api.post("/api/projects", Map.of("name", name));

    assertEquals(201, created.status());
    assertFalse(
        created.json().has("repository_path"),
        "where the server keeps repositories is the operator's business");
    ProjectResponse project = WireJsonb.jsonb().fromJson(created.body(), ProjectResponse.class);
    String id = project.id();
    assertTrue(created.header("Location").endsWith("/api/projects/" + id));
    assertTrue(project.slug().matches("creme-brulee-planner-[a-z0-9]+"), project.slug());
    assertEquals("main.py", project.filename());
    assertEquals("main", project.currentBranch());
    assertTrue(project.currentCode().contains("def main():"));
    assertEquals(name, project.name());
    assertNotNull(project.createdAt());
    assertNotNull(project.updatedAt());

    try (Git git = GitRemote.open(SharedApps.of(flavor), project.slug())) {
      RevCommit head = git.log().call().iterator().next();
      assertEquals("Initial project setup", head.getFullMessage());
      assertEquals(project.currentCommit(), head.getName());
      assertEquals("main", git.getRepository().getBranch());
      try (TreeWalk file = TreeWalk.forPath(git.getRepository(), "main.py", head.getTree())) {
        assertEquals(
            project.currentCode(),
            new String(
                git.getRepository().open(file.getObjectId(0)).getBytes(), StandardCharsets.UTF_8));
      }
    }
    assertEquals(0, project.usageTotals().totalTokens(), "a new project has spent nothing");
    assertEquals(project, api.client().projects().get(id));
  }

  @AcrossDatabases
  void duplicateNamesGetNumberedSlugs(Flavor flavor) {
    ProjectsApi projects = SharedApps.api(flavor).client().projects();
    String name = unique("Same Name");
    List<String> slugs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      slugs.add(projects.create(named(name)).slug());
    }
    String base = slugs.get(0);
    assertEquals(List.of(base, base + "-1", base + "-2"), slugs);
  }

  @AcrossDatabases
  void namesThatLookLikePathsStayInsideTheDataDirectory(Flavor flavor) {
    ProjectsApi projects = SharedApps.api(flavor).client().projects();
    for (String name : List.of("../../etc/passwd", "..", "/", "名前")) {
      ProjectResponse project = projects.create(named(name));
      assertTrue(project.slug().matches("[a-z0-9]+(-[a-z0-9]+)*"), project.slug());
      assertTrue(
          GitRemote.exists(SharedApps.of(flavor), project.slug()),
          "the repository is found by the slug alone");
    }
  }

  @AcrossDatabases
  void listsAPageAtATimeAndACursorStaysRightWhileProjectsComeAndGo(Flavor flavor) {
    ProjectsApi projects = SharedApps.api(flavor).client().projects();
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      created.add(projects.create(named(unique("paged " + i))).id());
    }
    ProjectPage first = projects.list(2, null);
    assertEquals(List.of(created.get(3), created.get(2)), ids(first));
    String cursor = first.nextCursor();

    String newer = projects.create(named(unique("arrived meanwhile"))).id();
    // The page's last project goes away.
    projects.delete(created.get(2));
    ProjectPage second = projects.list(2, cursor);
    assertEquals(
        List.of(created.get(1), created.get(0)),
        ids(second),
        "neither the new project nor the deletion shifts the next page");
    assertEquals(newer, ids(projects.list(1, null)).get(0));

    List<String> everything = allProjects(projects).stream().map(ProjectSummary::id).toList();
    assertEquals(
        everything.size(),
        new java.util.HashSet<>(everything).size(),
        "no project twice across pages");
    assertTrue(
        everything.containsAll(List.of(newer, created.get(1), created.get(0), created.get(3))));
    assertFalse(everything.contains(created.get(2)));
  }

  @AcrossDatabases
  void aLimitOrCursorThatCannotBeIsRefusedClearly(Flavor flavor) {
    Api api = SharedApps.api(flavor);
    ProjectsApi projects = api.client().projects();
    for (int limit : List.of(0, 201, -1, 99999)) {
      ProblemException refused =
          assertThrows(ProblemException.class, () -> projects.list(limit, null));
      assertEquals(400, refused.status(), String.valueOf(limit));
      assertEquals("invalid-limit", refused.kind());
      assertEquals(200, refused.json().getInt("max_limit"));
    }
    // Raw: a limit that is no number cannot be written through the client's Integer.
    Api.Reply notANumber = api.get("/api/projects?limit=ten");
    assertEquals(400, notANumber.status());
    assertEquals("urn:vibegrapher:problem:invalid-limit", notANumber.json().get("type").asText());
    assertEquals(200, notANumber.json().get("max_limit").asInt());
    for (String cursor : List.of("nonsense", "MjAyNi0xMi0wNlQwMDowMDowMFo", "x".repeat(500))) {
      ProblemException refused =
          assertThrows(ProblemException.class, () -> projects.list(null, cursor));
      assertEquals(400, refused.status(), cursor);
      assertEquals("invalid-cursor", refused.kind());
    }
    // Raw: the client would escape the escape; the server must see %00 itself.
    Api.Reply escaped = api.get("/api/projects?cursor=%00");
    assertEquals(400, escaped.status());
    assertEquals("urn:vibegrapher:problem:invalid-cursor", escaped.json().get("type").asText());
  }

  private static List<String> ids(ProjectPage page) {
    return page.projects().stream().map(ProjectSummary::id).toList();
  }

  /** Every project, newest first, read page by page as a client would. */
  private static List<ProjectSummary> allProjects(ProjectsApi projects) {
    List<ProjectSummary> all = new ArrayList<>();
    ProjectPage page = projects.list(200, null);
    all.addAll(page.projects());
    while (page.nextCursor() != null) {
      page = projects.list(200, page.nextCursor());
      all.addAll(page.projects());
    }
    return all;
  }

  @AcrossDatabases
  void listsNewestFirst(Flavor flavor) {
    Api api = SharedApps.api(flavor);
    ProjectsApi projects = api.client().projects();
    String older = projects.create(named(unique("older"))).id();
    String newer = projects.create(named(unique("newer"))).id();
    List<String> ids = ids(projects.list(null, null));
    assertTrue(ids.indexOf(newer) < ids.indexOf(older), "newest first");
    // Raw: which members a listed project carries on the wire.
    JsonNode listed = api.get("/api/projects").json().get("projects").get(0);
    for (String field :
        List.of(
            "id",
            "name",
            "slug",
            "filename",
            "current_commit",
            "current_branch",
            "created_at",
            "updated_at",
            "usage_totals")) {
      assertTrue(listed.has(field), field);
    }
    assertFalse(listed.has("current_code"), "the list does not carry every project's code");
    assertFalse(listed.has("repository_path"));
  }

  @AcrossDatabases
  void servesFilesOfTheHeadTreeAndNothingOutsideIt(Flavor flavor) {
    Api api = SharedApps.api(flavor);
    ProjectsApi projects = api.client().projects();
    String code = "{\"answer\": 42}\n";
    ProjectResponse project =
        projects.create(new CreateProjectRequest(unique("files"), "config/settings.json", code));
    String id = project.id();
    assertEquals(code, project.currentCode());

    List<FileEntry> files = projects.files(id);
    assertEquals(1, files.size());
    assertEquals("config/settings.json", files.get(0).path());
    assertEquals(code.length(), files.get(0).size());

    // Raw: a path with a slash in it, which the client's path parameter would escape.
    JsonNode file = api.get("/api/projects/" + id + "/files/config/settings.json").json();
    assertEquals("config/settings.json", file.get("path").asText());
    assertEquals(code, file.get("content").asText());

    for (String escape :
        List.of(
            "..%2F..%2F..%2Fetc%2Fpasswd",
            "config/..%2F..%2Fconfig%2Fsettings.json",
            ".git/config",
            ".git%2FHEAD",
            "missing.py",
            "config")) {
      Api.Reply reply = api.get("/api/projects/" + id + "/files/" + escape);
      assertEquals(404, reply.status(), escape);
      assertTrue(reply.contentType().startsWith("application/problem+json"), escape);
      assertFalse(reply.body().contains("root:"), escape);
    }
    assertNotFound(() -> projects.files(UUID.randomUUID().toString()));
  }

  @AcrossDatabases
  void deleteRemovesTheRepositoryAndEveryRow(Flavor flavor) {
    Vibegrapher client = SharedApps.api(flavor).client();
    ProjectsApi projects = client.projects();
    ProjectResponse project = projects.create(named(unique("doomed")));
    String id = project.id();
    String testId =
        client.testCases().create(id, new TestCaseRequest("t", "assert True", null)).id();
    assertTrue(GitRemote.exists(SharedApps.of(flavor), project.slug()));

    projects.delete(id);

    assertNotFound(() -> projects.get(id));
    assertNotFound(() -> client.testCases().get(testId));
    assertFalse(GitRemote.exists(SharedApps.of(flavor), project.slug()));
    assertNotFound(() -> projects.delete(id));
  }

  @AcrossDatabases
  void oneNameCreatedAtOnceGetsDistinctSlugsEachWithItsOwnRepository(Flavor flavor)
      throws Exception {
    ProjectsApi projects = SharedApps.api(flavor).client().projects();
    String name = unique("At Once");
    List<CompletableFuture<ProjectResponse>> creations = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      creations.add(CompletableFuture.supplyAsync(() -> projects.create(named(name))));
    }
    List<ProjectResponse> created = new ArrayList<>();
    for (CompletableFuture<ProjectResponse> creation : creations) {
      created.add(creation.get(60, TimeUnit.SECONDS));
    }
    // The slug is unique in the database: the inserts that lost took the next free one, and the
    // repository written for a lost try went with its transaction.
    assertEquals(
        4, created.stream().map(ProjectResponse::slug).distinct().count(), created::toString);
    for (ProjectResponse project : created) {
      try (Git git = GitRemote.open(SharedApps.of(flavor), project.slug())) {
        assertEquals(project.currentCommit(), git.getRepository().resolve("HEAD").name());
        assertEquals(
            1,
            java.util.stream.StreamSupport.stream(git.log().call().spliterator(), false).count());
      }
    }
  }

  private static CreateProjectRequest named(String name) {
    return new CreateProjectRequest(name, null, null);
  }

  private static void assertNotFound(Executable call) {
    ProblemException refused = assertThrows(ProblemException.class, call);
    assertEquals(404, refused.status(), refused.getMessage());
  }

  @AcrossDatabases
  void whatIsAddedToAProjectWhileItIsDeletedGoesWithIt(Flavor flavor) throws Exception {
    Api api = SharedApps.api(flavor);
    Map<Boolean, Outcomes> outcomes = Map.of(true, new Outcomes(), false, new Outcomes());
    for (int round = 0; round < 24; round++) {
      String project = api.client().projects().create(named(unique("Going"))).id();
      boolean session = round % 2 == 0;
      // Each kind of addition is sent strictly first once, strictly after the delete once, then
      // races. Raw: Api.inOrder sends both requests from their own threads at the same moment.
      Api.Order order = Api.Order.ofRound(round / 2);
      String addPath = "/api/projects/" + project + (session ? "/sessions" : "/tests");
      Map<String, Object> addition =
          session ? Map.of("session_type", "global") : Map.of("name", "t", "code", "assert True");
      Api.Reply[] replies =
          Api.inOrder(
              order,
              () -> api.post(addPath, addition),
              () -> api.delete("/api/projects/" + project));
      Api.Reply added = replies[0];
      String where = "round " + round + " " + order;
      assertEquals(204, replies[1].status(), where + ": " + replies[1].body());
      if (added.status() == 404) {
        assertEquals("application/problem+json", added.contentType(), where);
        outcomes.get(session).add(order, DELETED_FIRST);
      } else {
        // Added first: the deletion took it along.
        assertEquals(201, added.status(), where + ": " + added.body());
        String id = added.json().get("id").asText();
        ProblemException gone =
            assertThrows(
                ProblemException.class,
                () -> {
                  if (session) {
                    api.client().sessions().get(id);
                  } else {
                    api.client().testCases().get(id);
                  }
                });
        assertEquals(404, gone.status(), where + ": nothing left behind");
        outcomes.get(session).add(order, ADDED_FIRST);
      }
      assertNotFound(() -> api.client().projects().get(project));
    }
    System.out.println(
        "additions during a project delete, "
            + flavor
            + ": sessions "
            + outcomes.get(true)
            + ", tests "
            + outcomes.get(false));
    outcomes.get(true).assertBothSeen(ADDED_FIRST, DELETED_FIRST);
    outcomes.get(false).assertBothSeen(ADDED_FIRST, DELETED_FIRST);
  }
}
