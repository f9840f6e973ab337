package dev.vibegrapher.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vibegrapher.client.Vibegrapher;
import dev.vibegrapher.client.project.BranchEntry;
import dev.vibegrapher.client.project.CommitResponse;
import dev.vibegrapher.client.project.ProjectResponse;
import dev.vibegrapher.client.project.ProjectSummary;
import dev.vibegrapher.client.review.DiffView;
import dev.vibegrapher.client.session.SessionView;
import dev.vibegrapher.platform.control.DatabaseSettings;
import dev.vibegrapher.support.AcrossDatabases;
import dev.vibegrapher.support.Flavor;
import dev.vibegrapher.support.GitRemote;
import dev.vibegrapher.support.RunningApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * An installation made by the release that kept repositories on disk (schema version 8, each
 * project's repository a directory under projects/) is upgraded by starting this build on it: every
 * project, its code, history, branches, sessions and diffs read as they did. Whether the
 * repositories are then read from disk or were imported into the database is not this test's
 * business: it must hold either way.
 */
class UpgradeFromDiskIT {

  private static final String LAST_DISK_RELEASE_SCHEMA = "8";
  private static final Instant START = Instant.parse("2026-11-02T09:00:00Z");
  private static final PersonIdent SERVER = person("Vibegrapher", "vibegrapher@localhost", 0);

  @AcrossDatabases
  void everyProjectReadsAsTheEarlierReleaseLeftIt(Flavor flavor) throws Exception {
    String name = "upgrade-from-disk-" + flavor.name().toLowerCase();
    try (RunningApp app = RunningApp.prepare(name, flavor, Map.of())) {
      DataSource database = databaseOf(app);
      migrateAsTheEarlierRelease(database);
      Project triage =
          new Project("Agent Triage", "agent-triage", "agents.py", START.plusSeconds(60));
      Project billing = new Project("Billing Bot", "billing-bot", "bot.py", START.plusSeconds(120));
      triage.insert(database);
      billing.insert(database);
      OldRepository triageRepository = OldRepository.of(app, triage);
      OldRepository billingRepository = OldRepository.of(app, billing);
      String global = triage.session(database, null, null);
      String node = triage.session(database, "triage", OldRepository.SESSION_BRANCH);
      String committed =
          triage.diff(
              database,
              global,
              "main",
              triageRepository.mainLog().get(1).sha(),
              Optional.of(triageRepository.mainLog().get(0).sha()));
      String approved =
          triage.diff(
              database,
              node,
              OldRepository.SESSION_BRANCH,
              triageRepository.sessionLog().get(0).sha(),
              Optional.empty());
      record(database, "sample-project-seeded");
      closeIfEmbedded(database);

      app.start();

      Vibegrapher api = app.api().client();
      assertEquals(
          List.of(billing.id, triage.id),
          api.projects().list(null, null).projects().stream().map(ProjectSummary::id).toList(),
          "exactly the two projects, newest first: no sample seeded");
      assertReadsAsBefore(api, triage, triageRepository);
      assertReadsAsBefore(api, billing, billingRepository);
      assertEquals(
          List.of(global, node),
          api.sessions().ofProject(triage.id).stream().map(SessionView::id).toList());
      assertEquals(
          OldRepository.SESSION_BRANCH, api.sessions().get(node).branch(), "the session's branch");
      List<DiffView> diffs = api.diffs().ofProject(triage.id, null);
      assertEquals(List.of(committed, approved), diffs.stream().map(DiffView::id).toList());
      assertEquals("committed", diffs.get(0).status());
      assertEquals(triageRepository.mainLog().get(0).sha(), diffs.get(0).committedSha());
      assertEquals("human_approved", diffs.get(1).status());
      assertEquals(OldRepository.SESSION_BRANCH, diffs.get(1).targetBranch());
      assertEquals(
          List.of(approved),
          api.diffs().ofProject(triage.id, "human_approved").stream().map(DiffView::id).toList());
      assertEquals(List.of(), api.diffs().ofProject(billing.id, null));

      // Imported: the directories left projects/ for projects-imported/, and git clones from the
      // database what they held.
      for (String slug : List.of(triage.slug, billing.slug)) {
        assertFalse(Files.exists(app.dataDirectory().resolve("projects").resolve(slug)), slug);
        assertTrue(
            Files.isDirectory(app.dataDirectory().resolve("projects-imported").resolve(slug)),
            slug + " is kept aside");
      }
      try (Git clone = GitRemote.open(app, triage.slug)) {
        assertEquals(
            triageRepository.mainLog().get(0).sha(),
            clone.getRepository().resolve("refs/heads/main").name());
        assertEquals(
            triageRepository.sessionLog().get(0).sha(),
            clone.getRepository().resolve("refs/heads/" + OldRepository.SESSION_BRANCH).name());
      }
    }
  }

  private static void assertReadsAsBefore(
      Vibegrapher api, Project project, OldRepository repository) {
    ProjectResponse read = api.projects().get(project.id);
    assertEquals(project.name, read.name());
    assertEquals(project.slug, read.slug());
    assertEquals(project.filename, read.filename());
    assertEquals(project.createdAt, read.createdAt());
    assertEquals(repository.code(), read.currentCode());
    assertEquals(repository.mainLog().get(0).sha(), read.currentCommit());
    assertEquals("main", read.currentBranch());
    assertEquals(repository.code(), api.projects().file(project.id, project.filename).content());
    assertEquals(repository.branches(), api.projects().branches(project.id));
    assertEquals(repository.mainLog(), api.projects().commits(project.id, null, null, null));
    assertEquals(repository.mainLog(), api.projects().commits(project.id, "main", null, null));
    assertEquals(
        repository.sessionLog(),
        api.projects().commits(project.id, OldRepository.SESSION_BRANCH, null, null));
  }

  /** The database the app will use: the embedded file in its data directory, or its PostgreSQL. */
  private static DataSource databaseOf(RunningApp app) {
    String url = app.environment().get("DATABASE_URL");
    if (url == null) {
      DatabaseSettings h2 = DatabaseSettings.from(Optional.empty(), app.dataDirectory());
      JdbcDataSource dataSource = new JdbcDataSource();
      dataSource.setURL(h2.jdbcUrl());
      dataSource.setUser(h2.user());
      dataSource.setPassword(h2.password());
      return dataSource;
    }
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL(url);
    return dataSource;
  }

  /** The real migrations, as far as the earlier release had them. */
  private static void migrateAsTheEarlierRelease(DataSource database) {
    Flyway.configure()
        .dataSource(database)
        .locations("classpath:db/migration")
        .target(LAST_DISK_RELEASE_SCHEMA)
        .load()
        .migrate();
  }

  private static void record(DataSource database, String fact) throws Exception {
    update(
        database,
        "INSERT INTO installation_facts (name, recorded_at) VALUES (?, ?)",
        fact,
        START.atOffset(ZoneOffset.UTC));
  }

  /** The app's embedded database is a file it opens itself: this process must let go of it. */
  private static void closeIfEmbedded(DataSource database) throws Exception {
    if (database instanceof JdbcDataSource) {
      try (Connection connection = database.getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute("SHUTDOWN");
      }
    }
  }

  private static void update(DataSource database, String sql, Object... values) throws Exception {
    try (Connection connection = database.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        statement.setObject(i + 1, values[i]);
      }
      statement.executeUpdate();
    }
  }

  private static PersonIdent person(String name, String email, int minutes) {
    return new PersonIdent(name, email, START.plusSeconds(60L * minutes), ZoneOffset.UTC);
  }

  /** A project's row, and its sessions' and diffs' rows, as the earlier release wrote them. */
  private static final class Project {
    final String id = UUID.randomUUID().toString();
    final String name;
    final String slug;
    final String filename;
    final Instant createdAt;

    Project(String name, String slug, String filename, Instant createdAt) {
      this.name = name;
      this.slug = slug;
      this.filename = filename;
      this.createdAt = createdAt;
    }

    void insert(DataSource database) throws Exception {
      update(
          database,
          "INSERT INTO projects (id, name, slug, filename, created_at, updated_at)"
              + " VALUES (?, ?, ?, ?, ?, ?)",
          id,
          name,
          slug,
          filename,
          createdAt.atOffset(ZoneOffset.UTC),
          createdAt.atOffset(ZoneOffset.UTC));
    }

    String session(DataSource database, String node, String branch) throws Exception {
      String session = UUID.randomUUID().toString();
      String key = "project_" + slug + (node == null ? "" : "_node_" + node);
      update(
          database,
          "INSERT INTO vibecode_sessions (id, project_id, openai_session_key, session_type,"
              + " node_id, branch, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          session,
          id,
          key,
          node == null ? "global" : "node",
          node,
          branch,
          createdAt.plusSeconds(node == null ? 10 : 20).atOffset(ZoneOffset.UTC),
          createdAt.plusSeconds(node == null ? 10 : 20).atOffset(ZoneOffset.UTC));
      return session;
    }

    /** A diff the human approved, or committed when a commit is given. */
    String diff(
        DataSource database,
        String session,
        String branch,
        String base,
        Optional<String> committedSha)
        throws Exception {
      String diff = UUID.randomUUID().toString();
      Instant at = createdAt.plusSeconds(committedSha.isPresent() ? 30 : 40);
      update(
          database,
          "INSERT INTO diffs (id, session_id, project_id, base_commit, target_branch, diff_content,"
              + " status, vibecoder_prompt, evaluator_reasoning, commit_message, committed_sha,"
              + " reviewed_by_name, reviewed_by_email, reviewed_at, committed_by_name,"
              + " committed_by_email, committed_at, created_at, updated_at)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          diff,
          session,
          id,
          base,
          branch,
          "--- a/" + filename + "\n+++ b/" + filename + "\n@@ -1 +1 @@\n-old\n+new\n",
          committedSha.isPresent() ? "COMMITTED" : "HUMAN_APPROVED",
          "Make it better",
          "It is better",
          "Make it better",
          committedSha.orElse(null),
          "Alice",
          "alice@example.org",
          at.atOffset(ZoneOffset.UTC),
          committedSha.map(sha -> "Alice").orElse(null),
          committedSha.map(sha -> "alice@example.org").orElse(null),
          committedSha.map(sha -> at.atOffset(ZoneOffset.UTC)).orElse(null),
          at.atOffset(ZoneOffset.UTC),
          at.atOffset(ZoneOffset.UTC));
      return diff;
    }
  }

  /**
   * A project's repository as the earlier release kept it: a work tree under projects/ with the
   * server's initial commit and people's commits on main, and a session's branch with commits of
   * its own; what the API must then show of it, read before the app starts (and may move it).
   */
  private record OldRepository(
      String code,
      List<BranchEntry> branches,
      List<CommitResponse> mainLog,
      List<CommitResponse> sessionLog) {

    static final String SESSION_BRANCH = "retries";

    static OldRepository of(RunningApp app, Project project) throws Exception {
      Path directory = app.dataDirectory().resolve("projects").resolve(project.slug);
      Files.createDirectories(directory);
      try (Git git = Git.init().setDirectory(directory.toFile()).setInitialBranch("main").call()) {
        commit(git, project, "print('" + project.slug + "')\n", "Initial project setup", SERVER);
        PersonIdent alice = person("Alice", "alice@example.org", 5);
        commit(git, project, "print('" + project.slug + " 2')\n", "Route billing questions", alice);
        git.branchCreate().setName(SESSION_BRANCH).call();
        git.checkout().setName(SESSION_BRANCH).call();
        PersonIdent bob = person("Bob", "bob@example.org", 8);
        commit(git, project, "print('" + project.slug + " retried')\n", "Retry lookups", bob);
        git.checkout().setName("main").call();
        PersonIdent alsoAlice = person("Alice", "alice@example.org", 12);
        String code = "print('" + project.slug + " 3')\nprint('done')\n";
        commit(git, project, code, "Say when done", alsoAlice);
        Repository repository = git.getRepository();
        return new OldRepository(
            code,
            List.of(
                new BranchEntry("main", repository.resolve("main").name(), true),
                new BranchEntry(SESSION_BRANCH, repository.resolve(SESSION_BRANCH).name(), false)),
            log(repository, "main"),
            log(repository, SESSION_BRANCH));
      }
    }

    private static void commit(
        Git git, Project project, String content, String message, PersonIdent author)
        throws Exception {
      Path file = git.getRepository().getWorkTree().toPath().resolve(project.filename);
      Files.writeString(file, content);
      git.add().addFilepattern(project.filename).call();
      String trailer =
          author == SERVER ? "" : "\n\nCo-authored-by: VibeCoder <vibecoder@localhost>\n";
      PersonIdent committer = new PersonIdent(SERVER, author.getWhenAsInstant(), ZoneOffset.UTC);
      git.commit()
          .setMessage(message + trailer)
          .setAuthor(author)
          .setCommitter(committer)
          .setSign(false)
          .call();
    }

    /** First parents, newest first, as the API pages them. */
    private static List<CommitResponse> log(Repository repository, String branch) throws Exception {
      List<CommitResponse> log = new ArrayList<>();
      try (RevWalk walk = new RevWalk(repository)) {
        walk.setFirstParent(true);
        walk.markStart(walk.parseCommit(repository.resolve(branch)));
        for (RevCommit commit : walk) {
          log.add(
              new CommitResponse(
                  commit.name(),
                  commit.getFullMessage(),
                  commit.getAuthorIdent().getName(),
                  commit.getAuthorIdent().getEmailAddress(),
                  commit.getCommitterIdent().getWhenAsInstant()));
        }
      }
      return log;
    }
  }
}
