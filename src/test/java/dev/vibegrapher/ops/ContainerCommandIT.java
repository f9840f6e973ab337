package dev.vibegrapher.ops;

import static dev.vibegrapher.support.Runs.framesUntilEnd;
import static dev.vibegrapher.support.Runs.ofType;
import static dev.vibegrapher.support.Runs.submitPatch;
import static dev.vibegrapher.support.Runs.verdict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibegrapher.client.DiffsApi;
import dev.vibegrapher.client.Vibegrapher;
import dev.vibegrapher.client.project.ProjectResponse;
import dev.vibegrapher.client.review.CommitRequest;
import dev.vibegrapher.client.review.DiffView;
import dev.vibegrapher.client.review.ReviewRequest;
import dev.vibegrapher.client.session.MessageView;
import dev.vibegrapher.client.session.SendMessageRequest;
import dev.vibegrapher.support.AcrossDatabases;
import dev.vibegrapher.support.Api;
import dev.vibegrapher.support.FakeOpenAi;
import dev.vibegrapher.support.Flavor;
import dev.vibegrapher.support.GitRemote;
import dev.vibegrapher.support.RunningApp;
import dev.vibegrapher.support.Runs;
import dev.vibegrapher.support.TestDatabases;
import dev.vibegrapher.support.WsClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.StreamSupport;
import org.eclipse.jgit.api.Git;

/**
 * The uber jar started exactly as the image starts it (the Dockerfile's ENTRYPOINT, CMD and ENV,
 * read from the Dockerfile, with this machine's paths and port and the container's 512 MB as the
 * JVM would see it), then stopped with SIGTERM in the middle of a run and of a commit: the run is
 * failed, the commit in flight finishes (200, recorded, in git), a new commit is refused (503).
 *
 * <p>The commit is held open for real between its git commit and its database update: the test's
 * own connection holds the diff's row locked, so the commit's update waits inside the database. On
 * H2 that needs a second connection beside the app's, which the image's embedded H2 file does not
 * allow: the H2 database (the same engine and version as in the image) is served to the app over
 * H2's TCP protocol by the test, with a lock timeout long enough to wait for it. Everything else is
 * the image's.
 */
class ContainerCommandIT {

  static final String CODE = "x = 1\ny = 2\n";
  static final String PATCH = "@@ -1,2 +1,2 @@\n-x = 1\n+x = 10\n y = 2\n";
  static final Duration RUN = Duration.ofSeconds(60);
  static final Duration HOLD_LIMIT = Duration.ofSeconds(60);

  private static Path archive;

  @AcrossDatabases
  void theImagesCommandServesAndStopsCleanlyOnSigterm(Flavor flavor) throws Exception {
    DockerfileModel.Stage image = DockerfileModel.read().finalStage();
    Path dataDirectory = Files.createTempDirectory("vibegrapher-container");
    HeldDatabase database = HeldDatabase.of(flavor, dataDirectory);
    try (FakeOpenAi fake = FakeOpenAi.start()) {
      Map<String, String> environment = new HashMap<>(image.env());
      environment.put("VIBEGRAPHER_DATA_DIR", dataDirectory.toString());
      environment.put("DATABASE_URL", database.appUrl());
      // The stop itself, at once: what a stop does with commits in flight and later ones. Letting
      // working runs finish first is ClusterRunsIT's.
      environment.put("VIBEGRAPHER_SHUTDOWN_GRACE_SECONDS", "0");
      environment.putAll(
          Map.of(
              "OPENAI_API_KEY",
              "test-key-not-a-secret",
              "OPENAI_BASE_URL",
              fake.baseUrl(),
              "VIBEGRAPHER_CODER_MODEL",
              "container-coder",
              "VIBEGRAPHER_EVALUATOR_MODEL",
              "container-evaluator"));
      Path archive = classDataSharingArchive(image);
      RunningApp app =
          RunningApp.launchedBy(
                  "container-" + flavor.name().toLowerCase(),
                  environment,
                  port -> command(image, port, archive))
              .start();
      try {
        assertEquals(200, app.api().get("/health/ready").status());
        assertBootLogIsJsonAndEveryBootCommandApplied(app.log());
        assertBakedSystemPropertiesSet(app.pid());

        Runs.Room room = Runs.Room.open(app, CODE);
        Api api = room.api();
        Vibegrapher client = api.client();
        DiffsApi diffs = client.diffs();
        String diffId = approvedDiff(fake, room);
        assertEquals(
            "human_approved", diffs.review(diffId, new ReviewRequest(true, null)).diff().status());
        Runs.Room later = Runs.Room.open(app, CODE);
        String laterDiffId = approvedDiff(fake, later);
        assertEquals(
            "human_approved",
            diffs.review(laterDiffId, new ReviewRequest(true, null)).diff().status());

        FakeOpenAi.Hold never = new FakeOpenAi.Hold();
        fake.script("container-coder").holdUntil(never).text("Never sent.");
        String runId = send(client, room, "Think hard");
        never.awaitHeld(1, Duration.ofSeconds(20));

        DiffView committed;
        Api.Reply laterCommitReply;
        CompletableFuture<Optional<Integer>> exit;
        try (Connection holder = database.connect()) {
          holder.setAutoCommit(false);
          lockRow(holder, diffId);
          CompletableFuture<DiffView> commit =
              CompletableFuture.supplyAsync(() -> diffs.commit(diffId, new CommitRequest(null)));
          database.awaitTheAppWaitingFor(holder);

          exit = CompletableFuture.supplyAsync(() -> app.terminate(Duration.ofSeconds(60)));
          awaitStopping(app);
          // Sent while the shutdown drains: it waits behind the drain or meets the closed gate.
          // Raw:
          // which layer refused it shows only in the answer's content type.
          CompletableFuture<Api.Reply> laterCommit =
              CompletableFuture.supplyAsync(
                  () -> api.post("/api/diffs/" + laterDiffId + "/commit", Map.of()));
          // The commit in flight is still waiting for its update: let it through, within the drain
          // of docs/deployment.md.
          holder.rollback();
          committed = commit.get(HOLD_LIMIT.toSeconds(), TimeUnit.SECONDS);
          laterCommitReply = laterCommit.get(HOLD_LIMIT.toSeconds(), TimeUnit.SECONDS);
        }
        assertRefusedAsStopping(laterCommitReply);
        assertTrue(exit.get(90, TimeUnit.SECONDS).isPresent(), "the process ends after SIGTERM");
        JsonNode error =
            room.ws()
                .nextMatching(
                    f ->
                        f.path("type").asText().equals("vibecode_error")
                            && runId.equals(f.path("data").path("run_id").asText()),
                    Duration.ofSeconds(10));
        assertTrue(
            error.get("data").get("detail").asText().contains("interrupted"), error.toString());
        assertEquals(
            1001,
            room.ws().closeCode().get(10, TimeUnit.SECONDS),
            "clients are told the server is going away");
        never.release();

        app.start();
        assertRunFailedOnce(client, room, runId);
        assertGitAgreesWithTheDatabase(app, client, room.projectId(), diffId, "committed");
        assertAnsweredAsFinished(committed);
        assertGitAgreesWithTheDatabase(
            app, client, later.projectId(), laterDiffId, "human_approved");
        fake.script("container-coder").text("Back.");
        assertEquals(
            "processing",
            client.sessions().send(room.sessionId(), new SendMessageRequest("Again")).status(),
            "the session is free again");
      } finally {
        app.close();
        database.drop();
      }
    }
  }

  /**
   * Where the app keeps its data, and a connection of the test's own beside it: PostgreSQL a new
   * database of the test server; H2 a file in the data directory, served by an H2 server of the
   * test's.
   */
  record HeldDatabase(String appUrl, TestDatabases.Database postgres, org.h2.tools.Server h2) {

    static HeldDatabase of(Flavor flavor, Path dataDirectory) throws SQLException {
      if (flavor == Flavor.POSTGRESQL) {
        TestDatabases.Database database = TestDatabases.create();
        return new HeldDatabase(
            database.jdbcUrl()
                + (database.jdbcUrl().contains("?") ? "&" : "?")
                + "user="
                + database.user(),
            database,
            null);
      }
      org.h2.tools.Server server =
          org.h2.tools.Server.createTcpServer(
                  "-tcpPort",
                  "0",
                  "-ifNotExists",
                  "-baseDir",
                  dataDirectory.toAbsolutePath().resolve("db").toString())
              .start();
      return new HeldDatabase(
          "jdbc:h2:tcp://127.0.0.1:"
              + server.getPort()
              + "/vibegrapher;USER=sa;PASSWORD=;LOCK_TIMEOUT="
              + HOLD_LIMIT.toMillis(),
          null,
          server);
    }

    Connection connect() throws SQLException {
      return postgres != null ? postgres.connect() : DriverManager.getConnection(appUrl);
    }

    /** Waits until one of the app's connections waits for a lock the test's connection holds. */
    void awaitTheAppWaitingFor(Connection holder) throws SQLException {
      String blocked =
          postgres != null
              ? "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'"
              : "SELECT count(*) FROM information_schema.sessions WHERE blocker_id = session_id()";
      long deadline = System.nanoTime() + HOLD_LIMIT.toNanos();
      try (Statement statement = holder.createStatement()) {
        while (true) {
          try (ResultSet rows = statement.executeQuery(blocked)) {
            rows.next();
            if (rows.getLong(1) > 0) {
              return;
            }
          }
          assertTrue(
              System.nanoTime() < deadline,
              "the commit reached its database update within " + HOLD_LIMIT);
          // The poll's pace, not a wait for something to happen: the loop ends on what it sees.
          LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
      }
    }

    void drop() {
      if (postgres != null) {
        TestDatabases.drop(postgres);
      } else {
        h2.stop();
      }
    }
  }

  private static void lockRow(Connection holder, String diffId) throws SQLException {
    try (PreparedStatement lock =
        holder.prepareStatement("SELECT id FROM diffs WHERE id = ? FOR UPDATE")) {
      lock.setString(1, diffId);
      try (ResultSet row = lock.executeQuery()) {
        assertTrue(row.next(), "the diff's row is there to hold");
      }
    }
  }

  /**
   * The commit in flight finished (checked above: recorded and in git), and its client is told so:
   * the shutdown of the REST layer waits for it (ShutdownDrain), so the answer is written; a
   * refusal would have thrown out of the commit's future.
   */
  private static void assertAnsweredAsFinished(DiffView committed) {
    assertEquals("committed", committed.status(), "the commit in flight gets its own answer");
  }

  /**
   * 503: by the commit gate (problem+json, shutting-down) when the request reached the application,
   * or by Payara itself, which stops routing requests to an application it is stopping (its own
   * page, docs/deployment.md).
   */
  private static void assertRefusedAsStopping(Api.Reply reply) {
    assertEquals(503, reply.status(), "a new commit is refused while stopping: " + reply.body());
    if (reply.contentType().startsWith("application/problem+json")) {
      assertEquals(
          "urn:vibegrapher:problem:shutting-down", reply.json().get("type").asText(), reply.body());
    }
  }

  /**
   * Waits until the stopping server is no longer ready: Payara answers 503 once it has begun taking
   * the application down, before the REST layer's shutdown drains the commits in flight.
   */
  private static void awaitStopping(RunningApp app) {
    long deadline = System.nanoTime() + HOLD_LIMIT.toNanos();
    while (true) {
      Api.Reply ready = app.api().get("/health/ready");
      if (ready.status() == 503) {
        return;
      }
      assertEquals(200, ready.status(), "ready until the shutdown begins: " + ready.body());
      assertTrue(
          System.nanoTime() < deadline,
          "the stopping server stopped being ready within " + HOLD_LIMIT);
      // The poll's pace, not a wait for something to happen: the loop ends on what it sees.
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
  }

  /** The image's AppCDS archive, trained once for the run. */
  static synchronized Path classDataSharingArchive(DockerfileModel.Stage image) throws Exception {
    if (archive == null) {
      archive = trainClassDataSharing(image);
    }
    return archive;
  }

  /**
   * The image's AppCDS training step (its RUN of container/train-cds.sh, with its arguments), run
   * here: the archive must come out, and the start below maps it as the image's starts do.
   */
  static Path trainClassDataSharing(DockerfileModel.Stage image) throws Exception {
    String run =
        image.all("RUN").stream().filter(r -> r.contains("train-cds.sh")).findFirst().orElseThrow();
    List<String> arguments =
        List.of(
            run.substring(run.indexOf("train-cds.sh") + "train-cds.sh".length())
                .split("&&")[0]
                .trim()
                .split("\\s+"));
    Path archive = Path.of("target", "it-logs", "container-vibegrapher.jsa").toAbsolutePath();
    // On a clean checkout this may be the first integration test to write a log.
    Files.createDirectories(archive.getParent());
    Files.deleteIfExists(archive);
    List<String> training =
        new ArrayList<>(
            List.of("sh", "container/train-cds.sh", RunningApp.jar(), archive.toString()));
    training.addAll(arguments.subList(2, arguments.size()));
    ProcessBuilder builder = new ProcessBuilder(training);
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      builder.environment().put("TRAINING_PORT", String.valueOf(free.getLocalPort()));
    }
    Process process =
        builder
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(
                    Path.of("target", "it-logs", "container-training.log").toFile()))
            .start();
    assertTrue(process.waitFor(10, TimeUnit.MINUTES), "training ended");
    assertEquals(
        0, process.exitValue(), "training succeeded; see target/it-logs/container-training.log");
    assertTrue(Files.size(archive) > 0, "the archive was written");
    return archive;
  }

  /**
   * ENTRYPOINT + CMD with this machine's java, jar, archive and port: every flag and argument is
   * the image's.
   */
  static List<String> command(DockerfileModel.Stage image, int port, Path archive) {
    List<String> command = new ArrayList<>(image.execForm("ENTRYPOINT"));
    command.addAll(image.execForm("CMD"));
    assertEquals("java", command.get(0));
    command.set(0, RunningApp.javaExecutable());
    command.replaceAll(
        argument ->
            argument.startsWith("-XX:SharedArchiveFile=")
                ? "-XX:SharedArchiveFile=" + archive
                : argument);
    // The container's memory limit, which the JVM reads from the cgroup there: the preview's size.
    command.add(1, "-XX:MaxRAM=512m");
    int jar = command.indexOf("-jar") + 1;
    command.set(jar, RunningApp.jar());
    int portValue = command.indexOf("--port") + 1;
    assertTrue(portValue > 0, "the image names its port: " + command);
    command.set(portValue, String.valueOf(port));
    return command;
  }

  private static void assertBootLogIsJsonAndEveryBootCommandApplied(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log);
    List<String> bootCommands =
        lines.stream().filter(line -> line.contains("Boot Command")).toList();
    assertFalse(bootCommands.isEmpty(), "the pre-boot commands ran");
    for (String line : bootCommands) {
      JsonNode record = Api.JSON.readTree(line);
      assertTrue(
          record.get("LogMessage").asText().contains("SUCCESS"),
          "every boot command applies: " + line);
    }
  }

  /**
   * Every property of payara-config/system.properties is set in the running server (read with
   * jcmd).
   */
  private static void assertBakedSystemPropertiesSet(long pid) throws Exception {
    java.util.Properties baked = new java.util.Properties();
    try (var in = Files.newBufferedReader(Path.of("payara-config", "system.properties"))) {
      baked.load(in);
    }
    assertFalse(baked.isEmpty(), "payara-config/system.properties names properties");
    Process jcmd =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(pid),
                "VM.system_properties")
            .redirectErrorStream(true)
            .start();
    String running =
        new String(jcmd.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(jcmd.waitFor(60, TimeUnit.SECONDS), "jcmd ended");
    for (String key : baked.stringPropertyNames()) {
      assertTrue(
          running.contains(key + "=" + baked.getProperty(key)),
          key + " is set in the running server: " + running);
    }
  }

  private static String approvedDiff(FakeOpenAi fake, Runs.Room room) {
    fake.script("container-coder").functionCall("submit_patch", submitPatch(PATCH, "x ten"));
    fake.script("container-evaluator").structured(verdict(true, "Good", "Make x ten"));
    List<JsonNode> frames =
        framesUntilEnd(room.ws(), send(room.api().client(), room, "x ten"), RUN);
    return ofType(frames, "diff_created").get(0).get("diff").get("id").asText();
  }

  private static String send(Vibegrapher client, Runs.Room room, String prompt) {
    return client.sessions().send(room.sessionId(), new SendMessageRequest(prompt)).runId();
  }

  private static void assertRunFailedOnce(Vibegrapher client, Runs.Room room, String runId) {
    List<MessageView> messages = client.sessions().messages(room.sessionId());
    MessageView last = messages.get(messages.size() - 1);
    assertEquals("error", last.messageType(), last.toString());
    assertEquals(runId, last.runId());
    assertTrue(last.content().contains("interrupted"), last.toString());
    try (WsClient replay = WsClient.connect(room.app())) {
      replay.subscribe(room.projectId(), 0);
      int replayed = replay.nextOfType("subscribed").get("data").get("replayed").asInt();
      List<String> endsOfRun =
          replay.events(replayed, Duration.ofSeconds(10)).stream()
              .filter(f -> runId.equals(f.path("data").path("run_id").asText()))
              .map(f -> f.get("type").asText())
              .filter(type -> type.equals("vibecode_error") || type.equals("vibecode_completed"))
              .toList();
      assertEquals(
          List.of("vibecode_error"),
          endsOfRun,
          "the log holds exactly one end of the run, and it is the error");
    }
  }

  private static void assertGitAgreesWithTheDatabase(
      RunningApp app, Vibegrapher client, String projectId, String diffId, String expectedStatus)
      throws Exception {
    DiffView diff = client.diffs().get(diffId);
    ProjectResponse project = client.projects().get(projectId);
    String status = diff.status();
    assertEquals(expectedStatus, status, diff.toString());
    try (Git git = GitRemote.open(app, project.slug())) {
      // The repository as git clones it: HEAD and the history say what was committed.
      String head = git.getRepository().resolve("HEAD").name();
      assertEquals(project.currentCommit(), head);
      String expected = status.equals("committed") ? diff.committedSha() : diff.baseCommit();
      assertEquals(expected, head, "HEAD is the commit the database knows (diff " + status + ")");
      long commits = StreamSupport.stream(git.log().call().spliterator(), false).count();
      assertEquals(
          status.equals("committed") ? 2 : 1, commits, "no commit the database does not know");
    }
  }
}
