package dev.vibegrapher.project.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibegrapher.client.Vibegrapher;
import dev.vibegrapher.client.project.ProjectPage;
import dev.vibegrapher.client.project.ProjectSummary;
import dev.vibegrapher.client.project.TestCaseResponse;
import dev.vibegrapher.support.AcrossDatabases;
import dev.vibegrapher.support.Api;
import dev.vibegrapher.support.Flavor;
import dev.vibegrapher.support.Outcomes;
import dev.vibegrapher.support.SharedApps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;

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
    Api.Reply created = api.post("/api/projects", Map.of("name", name));

    assertEquals(201, created.status());
    JsonNode project = created.json();
    String id = project.get("id").asText();
    assertTrue(created.header("Location").endsWith("/api/projects/" + id));
    assertTrue(
        project.get("slug").asText().matches("creme-brulee-planner-[a-z0-9]+"),
        project.get("slug").asText());
    assertEquals("main.py", project.get("filename").asText());
    assertEquals("main", project.get("current_branch").asText());
    assertTrue(project.get("current_code").asText().contains("def main():"));
    assertEquals(name, project.get("name").asText());
    Instant.parse(project.get("created_at").asText());
    Instant.parse(project.get("updated_at").asText());

    assertFalse(
        project.has("repository_path"),
        "where the server keeps repositories is the operator's business");
    Path repository = SharedApps.of(flavor).repositoryOf(project);
    try (Git git = Git.open(repository.toFile())) {
      RevCommit head = git.log().call().iterator().next();
      assertEquals("Initial project setup", head.getFullMessage());
      assertEquals(project.get("current_commit").asText(), head.getName());
      assertEquals("main", git.getRepository().getBranch());
      assertEquals(
          project.get("current_code").asText(), Files.readString(repository.resolve("main.py")));
    }
    assertEquals(
        0,
        project.get("usage_totals").get("total_tokens").asLong(),
        "a new project has spent nothing");
    assertEquals(project, api.get("/api/projects/" + id).json());
  }

  @AcrossDatabases
  void readsHeadFromGitSoACommitMadeOutsideIsSeenAtOnce(Flavor flavor) throws Exception {
    Api api = SharedApps.api(flavor);
    JsonNode project = api.post("/api/projects", Map.of("name", unique("outside"))).json();
    Path repository = SharedApps.of(flavor).repositoryOf(project);
    String newCommit;
    try (Git git = Git.open(repository.toFile())) {
      Files.writeString(repository.resolve("main.py"), "print('changed outside')\n");
      git.add().addFilepattern("main.py").call();
      newCommit = git.commit().setMessage("outside change").setSign(false).call().getName();
    }
    JsonNode fresh = api.get("/api/projects/" + project.get("id").asText()).json();
    assertEquals(newCommit, fresh.get("current_commit").asText());
    assertEquals("print('changed outside')\n", fresh.get("current_code").asText());
  }

  @AcrossDatabases
  void duplicateNamesGetNumberedSlugs(Flavor flavor) {
    Api api = SharedApps.api(flavor);
    String name = unique("Same Name");
    List<String> slugs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Api.Reply reply = api.post("/api/projects", Map.of("name", name));
      assertEquals(201, reply.status());
      slugs.add(reply.json().get("slug").asText());
    }
    String base = slugs.get(0);
    assertEquals(List.of(base, base + "-1", base + "-2"), slugs);
  }

  @AcrossDatabases
  void namesThatLookLikePathsStayInsideTheDataDirectory(Flavor flavor) {
    Api api = SharedApps.api(flavor);
    for (String name : List.of("../../etc/passwd", "..", "/", "名前")) {
      JsonNode project = api.post("/api/projects", Map.of("name", name)).json();
      String slug = project.get("slug").asText();
      assertTrue(slug.matches("[a-z0-9]+(-[a-z0-9]+)*"), slug);
      Path repository = SharedApps.of(flavor).repositoryOf(project);
      assertTrue(Files.isDirectory(repository), "the repository is named by the slug alone");
    }
  }

  @AcrossDatabases
  void listsAPageAtATimeAndACursorStaysRightWhileProjectsComeAndGo(Flavor flavor) {
    Api api = SharedApps.api(flavor);
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      created.add(
          api.post("/api/projects", Map.of("name", unique("paged " + i)))
              .json()
              .get("id")
              .asText());
    }
    JsonNode first = api.get("/api/projects?limit=2").json();
    assertEquals(List.of(created.get(3), created.get(2)), ids(first));
    String cursor = first.get("next_cursor").asText();

    String newer =
        api.post("/api/projects", Map.of("name", unique("arrived meanwhile")))
            .json()
            .get("id")
            .asText();
    assertEquals(
        204,
        api.delete("/api/projects/" + created.get(2)).status(),
        "the page's last project goes away");
    JsonNode second = api.get("/api/projects?limit=2&cursor=" + cursor).json();
    assertEquals(
        List.of(created.get(1), created.get(0)),
        ids(second),
        "neither the new project nor the deletion shifts the next page");
    assertEquals(newer, ids(api.get("/api/projects?limit=1").json()).get(0));

    List<String> everything = api.allProjects().stream().map(p -> p.get("id").asText()).toList();
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
    for (String limit : List.of("0", "201", "-1", "ten", "99999")) {
      Api.Reply refused = api.get("/api/projects?limit=" + limit);
      assertEquals(400, refused.status(), limit);
      assertEquals("urn:vibegrapher:problem:invalid-limit", refused.json().get("type").asText());
      assertEquals(200, refused.json().get("max_limit").asInt());
    }
    for (String cursor :
        List.of("nonsense", "MjAyNi0xMi0wNlQwMDowMDowMFo", "%00", "x".repeat(500))) {
      Api.Reply refused = api.get("/api/projects?cursor=" + cursor);
      assertEquals(400, refused.status(), cursor);
      assertEquals("urn:vibegrapher:problem:invalid-cursor", refused.json().get("type").asText());
    }
  }

  private static List<String> ids(JsonNode page) {
    List<String> ids = new ArrayList<>();
    page.get("projects").forEach(p -> ids.add(p.get("id").asText()));
    return ids;
  }

  @AcrossDatabases
  void listsNewestFirst(Flavor flavor) {
    Api api = SharedApps.api(flavor);
    String older =
        api.post("/api/projects", Map.of("name", unique("older"))).json().get("id").asText();
    String newer =
        api.post("/api/projects", Map.of("name", unique("newer"))).json().get("id").asText();
    List<String> ids = new ArrayList<>();
    api.get("/api/projects").json().get("projects").forEach(p -> ids.add(p.get("id").asText()));
    assertTrue(ids.indexOf(newer) < ids.indexOf(older), "newest first");
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
    String code = "{\"answer\": 42}\n";
    JsonNode project =
        api.post(
                "/api/projects",
                Map.of(
                    "name",
                    unique("files"),
                    "filename",
                    "config/settings.json",
                    "initial_code",
                    code))
            .json();
    String id = project.get("id").asText();
    assertEquals(code, project.get("current_code").asText());

    JsonNode files = api.get("/api/projects/" + id + "/files").json();
    assertEquals(1, files.size());
    assertEquals("config/settings.json", files.get(0).get("path").asText());
    assertEquals(code.length(), files.get(0).get("size").asLong());

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
    assertEquals(404, api.get("/api/projects/" + UUID.randomUUID() + "/files").status());
  }

  @AcrossDatabases
  void deleteRemovesTheRepositoryAndEveryRow(Flavor flavor) {
    Api api = SharedApps.api(flavor);
    JsonNode project = api.post("/api/projects", Map.of("name", unique("doomed"))).json();
    String id = project.get("id").asText();
    String testId =
        api.post("/api/projects/" + id + "/tests", Map.of("name", "t", "code", "assert True"))
            .json()
            .get("id")
            .asText();
    Path repository = SharedApps.of(flavor).repositoryOf(project);
    assertTrue(Files.isDirectory(repository));

    assertEquals(204, api.delete("/api/projects/" + id).status());

    assertEquals(404, api.get("/api/projects/" + id).status());
    assertEquals(404, api.get("/api/tests/" + testId).status());
    assertFalse(Files.exists(repository));
    assertEquals(404, api.delete("/api/projects/" + id).status());
    try (var leftovers = Files.list(repository.getParent())) {
      assertTrue(
          leftovers.noneMatch(
              p ->
                  p.getFileName()
                      .toString()
                      .startsWith(".deleted-" + project.get("slug").asText() + "-")));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @AcrossDatabases
  void aSlugWhoseRowOutlivedItsRepositoryIsNotReusedAndTheFailedTryLeavesNothing(Flavor flavor)
      throws Exception {
    Api api = SharedApps.api(flavor);
    String name = unique("Orphan Row");
    JsonNode first = api.post("/api/projects", Map.of("name", name)).json();
    String slug = first.get("slug").asText();
    Path repository = SharedApps.of(flavor).repositoryOf(first);
    deleteTree(repository);

    // The directory is free again but the row holds the slug: the insert fails on it, the
    // repository written for that try is removed, and the project gets the next slug.
    Api.Reply second = api.post("/api/projects", Map.of("name", name));

    assertEquals(201, second.status(), second.body());
    assertEquals(slug + "-1", second.json().get("slug").asText());
    assertFalse(Files.exists(repository), "no repository left from the failed try");
    assertTrue(Files.isRegularFile(repository.resolveSibling(slug + "-1").resolve("main.py")));
    assertEquals(200, api.get("/api/projects/" + first.get("id").asText()).status());
  }

  private static void deleteTree(Path root) throws java.io.IOException {
    try (var paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  @AcrossDatabases
  void whatIsAddedToAProjectWhileItIsDeletedGoesWithIt(Flavor flavor) throws Exception {
    Api api = SharedApps.api(flavor);
    Map<Boolean, Outcomes> outcomes = Map.of(true, new Outcomes(), false, new Outcomes());
    for (int round = 0; round < 24; round++) {
      String project =
          api.post("/api/projects", Map.of("name", unique("Going"))).json().get("id").asText();
      boolean session = round % 2 == 0;
      // Each kind of addition is sent strictly first once, strictly after the delete once, then
      // races.
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
        assertEquals(
            404,
            api.get((session ? "/api/sessions/" : "/api/tests/") + id).status(),
            where + ": nothing left behind");
        outcomes.get(session).add(order, ADDED_FIRST);
      }
      assertEquals(404, api.get("/api/projects/" + project).status());
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
