package dev.vibegrapher.sandbox;

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
import dev.vibegrapher.client.ProblemException;
import dev.vibegrapher.client.Vibegrapher;
import dev.vibegrapher.client.project.CreateProjectRequest;
import dev.vibegrapher.client.project.TestCaseRequest;
import dev.vibegrapher.client.review.DiffView;
import dev.vibegrapher.client.review.TestResult;
import dev.vibegrapher.support.Api;
import dev.vibegrapher.support.FakeOpenAi;
import dev.vibegrapher.support.Flavor;
import dev.vibegrapher.support.HeldTestCase;
import dev.vibegrapher.support.RunningApp;
import dev.vibegrapher.support.Runs;
import dev.vibegrapher.support.SharedFake;
import dev.vibegrapher.support.WsClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Test cases that attack the server, added and run through the API as any editor would: each must
 * find nothing or be stopped, and the server keeps answering. On H2 only: the sandbox keeps no
 * state in the database; runs and diffs are tested on both databases by ReviewIT.
 */
class SandboxIT {

  static final Duration RUN = Duration.ofSeconds(60);
  static final String SECRET = "sk-sandbox-it-" + UUID.randomUUID();

  @Test
  void attacksFromTestCodeFindNothingAndAreStopped() throws Exception {
    String token = "vibegrapher-survivor-" + UUID.randomUUID().toString().replace("-", "");
    Path hostMarker =
        Path.of(
            System.getProperty("java.io.tmpdir"), "vibegrapher-sandbox-it-" + UUID.randomUUID());
    Map<String, String> settings = new HashMap<>(SharedFake.settings());
    settings.put("OPENAI_API_KEY", SECRET);
    settings.put("VIBEGRAPHER_TESTS_TIMEOUT_SECONDS", "4");
    settings.put("VIBEGRAPHER_TESTS_MAX_CONCURRENT", "3");
    settings.put("VIBEGRAPHER_TESTS_MAX_QUEUED", "9");
    settings.put("VIBEGRAPHER_TESTS_MAX_PER_PROJECT", "11");
    try (RunningApp app = RunningApp.prepare("sandbox", Flavor.H2, settings).start();
        Runs.Room room = Runs.Room.open(app, "x = 1\n")) {
      Vibegrapher client = room.api().client();
      int otherPort = URI.create(SharedFake.fake().baseUrl()).getPort();
      Map<String, String> attacks = new java.util.LinkedHashMap<>();
      attacks.put(
          "secrets",
          String.join(
              "\n",
              "import os",
              "pids = sorted(int(p) for p in os.listdir('/proc') if p.isdigit())",
              "environs = []",
              "for p in pids:",
              "    try:",
              "        environs.append(open('/proc/%d/environ' % p, 'rb').read().decode('latin-1'))",
              "    except OSError as e:",
              "        environs.append(str(e))",
              "print('PIDS', pids)",
              "print('ENVIRON', dict(os.environ))",
              "print('PROC-ENVIRONS', environs)",
              "print('CMDLINES', [open('/proc/%d/cmdline' % p, 'rb').read() for p in pids])"));
      attacks.put(
          "data directory",
          String.join(
              "\n",
              "import os",
              "for path in ["
                  + py(app.dataDirectory().toString())
                  + ", '/root', '/home', '/etc', '/var']:",
              "    try:",
              "        print('LISTED', path, os.listdir(path))",
              "    except OSError as e:",
              "        print('ABSENT', path, type(e).__name__)",
              "print('ROOT', sorted(os.listdir('/')))",
              "print('TMP', os.listdir('/tmp'))"));
      attacks.put(
          "network",
          String.join(
              "\n",
              "import socket",
              "for port in (" + app.port() + ", " + otherPort + "):",
              "    try:",
              "        socket.create_connection(('127.0.0.1', port), 2).close()",
              "        print('CONNECTED', port)",
              "    except OSError as e:",
              "        print('REFUSED', port, type(e).__name__)"));
      attacks.put(
          "writes outside",
          String.join(
              "\n",
              "for path in ['/usr/owned', '/owned', '/etc/owned', '/dev/shm/owned', '/runner/test.py', "
                  + py(app.dataDirectory().resolve("owned").toString())
                  + "]:",
              "    try:",
              "        open(path, 'w').write('owned')",
              "        print('WROTE', path)",
              "    except OSError as e:",
              "        print('REFUSED', path, type(e).__name__)",
              "open(" + py(hostMarker.toString()) + ", 'w').write('only in the sandbox')",
              "print('SCRATCH', open('/tmp/x', 'w').write('fine'), open('scratch.txt', 'w').write('fine'))"));
      attacks.put(
          "fork bomb",
          String.join(
              "\n",
              "import os, time",
              "forked = 0",
              "try:",
              "    for _ in range(400):",
              "        if os.fork() == 0:",
              "            time.sleep(2)",
              "            os._exit(0)",
              "        forked += 1",
              "except OSError as e:",
              "    print('STOPPED', type(e).__name__, e.errno)",
              "print('FORKED', forked)"));
      attacks.put(
          "memory",
          String.join(
              "\n",
              "try:",
              "    block = bytearray(6 * 1024 ** 3)",
              "    print('ALLOCATED', len(block))",
              "except MemoryError:",
              "    print('STOPPED MemoryError')"));
      attacks.put("spin", "while True:\n    pass");
      attacks.put(
          "survivor",
          String.join(
              "\n",
              "import os, time",
              "if os.fork() == 0:",
              "    os.setsid()",
              "    if os.fork() == 0:",
              "        os.execv('/usr/bin/python3', ['python3', '-c', 'import time; time.sleep(300)', "
                  + py(token + "-kept")
                  + "])",
              "    os._exit(0)",
              "os.execv('/usr/bin/python3', ['python3', '-c', 'while True: pass', "
                  + py(token + "-spinning")
                  + "])"));
      attacks.put(
          "survivor that ends",
          String.join(
              "\n",
              "import os, time",
              "if os.fork() == 0:",
              "    os.setsid()",
              "    if os.fork() == 0:",
              "        os.execv('/usr/bin/python3', ['python3', '-c', 'import time; time.sleep(300)', "
                  + py(token + "-after-end")
                  + "])",
              "    os._exit(0)",
              "time.sleep(1)",
              "print('LEFT BEHIND')"));
      attacks.put("vibegrapher_runner.py", "print('NAMED LIKE THE RUNNER', x)");
      String projectId = room.projectId();
      attacks.forEach(
          (name, code) ->
              assertEquals(
                  name,
                  client
                      .testCases()
                      .create(projectId, new TestCaseRequest(name, code, false))
                      .name()));
      String eleventh =
          client.testCases().create(projectId, new TestCaseRequest("eleventh", "pass", null)).id();
      ProblemException tooMany =
          assertThrows(
              ProblemException.class,
              () ->
                  client
                      .testCases()
                      .create(projectId, new TestCaseRequest("twelfth", "pass", null)));
      assertEquals(409, tooMany.status(), tooMany.json().toString());
      assertEquals("too-many-tests", tooMany.kind());
      assertEquals(11, tooMany.json().getInt("max_test_cases"));
      client.testCases().delete(eleventh);

      String diffId = diff(room, "@@ -1 +1 @@\n-x = 1\n+x = 2\n");
      CompletableFuture<DiffView> running =
          CompletableFuture.supplyAsync(() -> client.diffs().runTests(diffId));
      // The survivor is seen on the host while its test runs: the check below can find it.
      waitFor(() -> processesNamed(token + "-kept") > 0, RUN);
      ProblemException busy =
          assertThrows(ProblemException.class, () -> client.diffs().runTests(diffId));
      assertEquals(503, busy.status(), "10 tests admitted, room for 12: " + busy.json());
      assertEquals("tests-busy", busy.kind());
      assertEquals(
          projectId, client.projects().get(projectId).id(), "the server answers while tests run");

      DiffView ran = running.get();
      Map<String, TestResult> results = new HashMap<>();
      ran.testResults().forEach(result -> results.put(result.testName(), result));
      results.forEach(
          (name, result) ->
              System.out.println("--- " + name + ": " + result.status() + "\n" + result.output()));

      String secrets = output(results, "secrets");
      assertFalse(secrets.contains(SECRET), secrets);
      assertFalse(
          secrets.contains("VIBEGRAPHER_ADMIN_TOKEN") || secrets.contains(app.adminToken()),
          secrets);
      assertTrue(secrets.contains("PIDS [1, 2]"), "only the sandbox's own processes: " + secrets);
      assertTrue(secrets.contains("ENVIRON {'PATH': '/usr/bin:/bin', 'HOME': '/work'"), secrets);

      String data = output(results, "data directory");
      assertFalse(data.contains("LISTED"), data);
      assertTrue(data.contains("ABSENT " + app.dataDirectory() + " FileNotFoundError"), data);
      assertEquals(5, data.lines().filter(line -> line.startsWith("ABSENT")).count(), data);
      assertTrue(
          data.contains(
              "ROOT ['bin', 'dev', 'lib', 'lib64', 'proc', 'runner', 'tmp', 'usr', 'work']"),
          data);
      assertTrue(
          data.contains("TMP []"),
          "its own /tmp, not the host's, where the data directory is: " + data);

      String network = output(results, "network");
      assertFalse(network.contains("CONNECTED"), network);
      assertTrue(
          network.contains("REFUSED " + app.port()) && network.contains("REFUSED " + otherPort),
          network);

      String writes = output(results, "writes outside");
      assertFalse(writes.contains("WROTE"), writes);
      assertEquals(6, writes.lines().filter(line -> line.startsWith("REFUSED")).count(), writes);
      assertTrue(
          writes.contains("SCRATCH 4 4"),
          "its own /tmp and working directory take writes: " + writes);
      assertFalse(Files.exists(hostMarker), "the sandbox's /tmp is not the host's");
      assertFalse(Files.exists(app.dataDirectory().resolve("owned")));

      String forks = output(results, "fork bomb");
      assertTrue(forks.contains("STOPPED BlockingIOError 11"), forks);
      int forked =
          Integer.parseInt(forks.substring(forks.indexOf("FORKED ") + 7).strip().split("\\s")[0]);
      assertTrue(forked < 64, forks);

      assertEquals("STOPPED MemoryError", output(results, "memory").strip());

      for (String endless : List.of("spin", "survivor")) {
        assertEquals("error", results.get(endless).status(), results.get(endless).toString());
        assertTrue(
            output(results, endless).startsWith("Timed out after 4 s."),
            results.get(endless).toString());
      }
      assertEquals("passed", results.get("survivor that ends").status());
      assertTrue(output(results, "survivor that ends").contains("LEFT BEHIND"));
      assertEquals(0, processesNamed(token), "no process of the sandbox outlives its test");

      assertEquals(
          "passed",
          results.get("vibegrapher_runner.py").status(),
          results.get("vibegrapher_runner.py").toString());
      assertTrue(output(results, "vibegrapher_runner.py").contains("NAMED LIKE THE RUNNER 2"));

      assertEquals(projectId, client.projects().get(projectId).id());
      // Raw: the health check is for anyone who reaches the port, outside the client's API.
      assertEquals(200, app.api().anonymous().get("/health/ready").status());
    }
  }

  /**
   * A project file named like the runner's own files is still the code under test, and the runner
   * still runs.
   */
  @Test
  void aFileNamedLikeTheRunnersOwnIsJustTheCode() {
    Map<String, String> settings = new HashMap<>(SharedFake.settings());
    try (RunningApp app = RunningApp.prepare("sandbox-names", Flavor.H2, settings).start()) {
      for (String fileName :
          List.of("run.py", "test.py", "vibegrapher_runner.py", "vibegrapher_test.py")) {
        try (Runs.Room room = room(app, fileName, "x = 1\n")) {
          Vibegrapher client = room.api().client();
          client
              .testCases()
              .create(
                  room.projectId(),
                  new TestCaseRequest(
                      "sees the code", "assert x == 2\nprint('SAW', x, __file__)", null));
          String diffId = diff(room, "@@ -1 +1 @@\n-x = 1\n+x = 2\n");
          TestResult result = client.diffs().runTests(diffId).testResults().get(0);
          assertEquals("passed", result.status(), fileName + ": " + result);
          assertEquals("SAW 2 " + fileName, result.output().strip());
        }
      }
    }
  }

  /**
   * The cap is on processes across the server: a third test waits for a slot, and takes the first
   * one freed.
   */
  @Test
  void atMostTheConfiguredNumberOfTestsRunAtOnce() throws Exception {
    Map<String, String> settings = new HashMap<>(SharedFake.settings());
    settings.put("VIBEGRAPHER_TESTS_MAX_CONCURRENT", "2");
    List<HeldTestCase> held =
        List.of(HeldTestCase.create(), HeldTestCase.create(), HeldTestCase.create());
    try (RunningApp app = RunningApp.prepare("sandbox-cap", Flavor.H2, settings).start();
        Runs.Room room = room(app, "main.py", "x = 1\n")) {
      Vibegrapher client = room.api().client();
      for (int i = 0; i < held.size(); i++) {
        assertEquals(
            "held " + i,
            client
                .testCases()
                .create(
                    room.projectId(), new TestCaseRequest("held " + i, held.get(i).code(), null))
                .name());
      }
      String diffId = diff(room, "@@ -1 +1 @@\n-x = 1\n+x = 2\n");
      CompletableFuture<DiffView> running =
          CompletableFuture.supplyAsync(() -> client.diffs().runTests(diffId));

      waitFor(() -> held.stream().filter(HeldTestCase::isRunning).count() == 2, RUN);
      Thread.sleep(1500); // a third process, were it allowed, starts in well under this
      // (bench/sandbox-start.sh: 12-22 ms)
      assertEquals(
          2,
          held.stream().filter(HeldTestCase::isRunning).count(),
          "two run, the third waits for a slot");
      HeldTestCase first = held.stream().filter(HeldTestCase::isRunning).findFirst().orElseThrow();
      HeldTestCase third =
          held.stream().filter(test -> !test.isRunning()).findFirst().orElseThrow();
      first.release(RUN);
      third.awaitStarted(RUN);
      held.stream().filter(test -> test != first).forEach(test -> test.release(RUN));

      running
          .get()
          .testResults()
          .forEach(result -> assertEquals("passed", result.status(), result.toString()));
    } finally {
      held.forEach(HeldTestCase::close);
    }
  }

  @Test
  void withoutBubblewrapTestsAreRefusedAndTheServerIsNotReady() {
    Map<String, String> settings = new HashMap<>(SharedFake.settings());
    settings.put("VIBEGRAPHER_SANDBOX_BWRAP", "/nonexistent/bwrap");
    try (RunningApp app =
        RunningApp.prepare("sandbox-missing", Flavor.H2, settings)
            .start(
                (status, body) ->
                    status == 503 && body.contains("\"database\"") && !body.contains("starting"))) {
      Api.Reply ready = app.api().anonymous().get("/health/ready");
      assertEquals(503, ready.status());
      JsonNode sandbox = check(ready.json(), "sandbox");
      assertEquals("DOWN", sandbox.get("status").asText(), ready.body());
      assertEquals(
          "bubblewrap (bwrap) is not installed", sandbox.get("data").get("reason").asText());
      assertEquals("UP", check(ready.json(), "database").get("status").asText(), ready.body());
      assertFalse(
          ready.body().contains("/nonexistent"), "no paths in health data: " + ready.body());

      // A text file is not syntax-checked, so a diff is made; its tests are refused.
      try (Runs.Room room = room(app, "notes.txt", "x = 1\n")) {
        room.api()
            .client()
            .testCases()
            .create(room.projectId(), new TestCaseRequest("any", "pass", null));
        String diffId = diff(room, "@@ -1 +1 @@\n-x = 1\n+x = 2\n");
        // Raw: the refusal's content type is part of what is checked.
        Api.Reply refused = room.api().post("/api/diffs/" + diffId + "/tests", Map.of());
        assertEquals(503, refused.status(), refused.body());
        assertEquals("application/problem+json", refused.contentType());
        assertEquals(
            "urn:vibegrapher:problem:sandbox-unavailable", refused.json().get("type").asText());
        assertEquals("bubblewrap (bwrap) is not installed", refused.json().get("reason").asText());
        DiffView stored = room.api().client().diffs().get(diffId);
        assertNull(stored.testResults(), "nothing ran: " + stored);
      }
      // Python code is not even compiled outside the sandbox: the coder is told why.
      try (Runs.Room room = room(app, "main.py", "x = 1\n")) {
        FakeOpenAi fake = SharedFake.fake();
        fake.reset();
        fake.script(SharedFake.CODER_MODEL)
            .functionCall("submit_patch", submitPatch("@@ -1 +1 @@\n-x = 1\n+x = 2\n", "two"))
            .text("I cannot check it.");
        String runId = Runs.start(room.api(), room.sessionId(), "x two").runId();
        List<JsonNode> frames = framesUntilEnd(room.ws(), runId, RUN);
        assertTrue(
            frames
                .toString()
                .contains(
                    "Python code cannot be syntax-checked: Code from users and agents runs only in a sandbox"),
            frames.toString());
        assertTrue(ofType(frames, "diff_created").isEmpty());
      }
    }
  }

  @Test
  void theOperatorsExplicitOptOutRunsTestsWithAWarning() throws Exception {
    Map<String, String> settings = new HashMap<>(SharedFake.settings());
    settings.put("VIBEGRAPHER_SANDBOX_BWRAP", "/nonexistent/bwrap");
    settings.put("VIBEGRAPHER_SANDBOX_MODE", "off");
    try (RunningApp app = RunningApp.prepare("sandbox-off", Flavor.H2, settings).start();
        Runs.Room room = Runs.Room.open(app, "x = 1\n")) {
      JsonNode sandbox = check(app.api().anonymous().get("/health/ready").json(), "sandbox");
      assertEquals("UP", sandbox.get("status").asText());
      assertEquals("off", sandbox.get("data").get("mode").asText());
      long warningsBefore = warnings(app);
      assertTrue(warningsBefore >= 1, "warned at start");
      Vibegrapher client = room.api().client();
      client
          .testCases()
          .create(
              room.projectId(),
              new TestCaseRequest("runs", "assert x == 2\nprint('RAN', x)", null));
      String diffId = diff(room, "@@ -1 +1 @@\n-x = 1\n+x = 2\n");
      TestResult result = client.diffs().runTests(diffId).testResults().get(0);
      assertEquals("passed", result.status(), result.toString());
      assertEquals("RAN 2", result.output().strip());
      assertTrue(warnings(app) > warningsBefore, "warned again at the run");
    }
  }

  private static long warnings(RunningApp app) throws Exception {
    return Files.readAllLines(app.log()).stream()
        .filter(line -> line.contains("WITHOUT a sandbox") && line.contains("WARNING"))
        .count();
  }

  private static Runs.Room room(RunningApp app, String fileName, String code) {
    Api api = app.api();
    String projectId =
        api.client()
            .projects()
            .create(new CreateProjectRequest("sandbox " + UUID.randomUUID(), fileName, code))
            .id();
    String sessionId = Runs.openSession(api, projectId);
    WsClient ws = WsClient.connect(app);
    ws.subscribe(projectId);
    ws.nextOfType("subscribed");
    return new Runs.Room(app, api, projectId, sessionId, ws);
  }

  /** A diff the evaluator approved, made through a (fake) agent run. */
  private static String diff(Runs.Room room, String patch) {
    FakeOpenAi fake = SharedFake.fake();
    fake.reset();
    fake.script(SharedFake.CODER_MODEL).functionCall("submit_patch", submitPatch(patch, "change"));
    fake.script(SharedFake.EVALUATOR_MODEL).structured(verdict(true, "Fine.", "Change"));
    String runId = Runs.start(room.api(), room.sessionId(), "change it").runId();
    List<JsonNode> frames = framesUntilEnd(room.ws(), runId, RUN);
    List<JsonNode> created = ofType(frames, "diff_created");
    assertEquals(1, created.size(), frames.toString());
    return created.get(0).get("diff").get("id").asText();
  }

  private static JsonNode check(JsonNode health, String name) {
    for (JsonNode check : health.get("checks")) {
      if (check.get("name").asText().equals(name)) {
        return check;
      }
    }
    throw new AssertionError("no check " + name + " in " + health);
  }

  private static String output(Map<String, TestResult> results, String name) {
    TestResult result = results.get(name);
    assertTrue(result != null, "no result for " + name + " in " + results.keySet());
    return result.output();
  }

  private static long processesNamed(String token) {
    return ProcessHandle.allProcesses()
        .filter(
            process ->
                process
                    .info()
                    .arguments()
                    .map(arguments -> String.join(" ", arguments).contains(token))
                    .orElse(false))
        .count();
  }

  // Polls the host's process list, which offers no event to wait for.
  private static void waitFor(java.util.function.BooleanSupplier condition, Duration limit)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not seen within " + limit);
      }
      Thread.sleep(20);
    }
  }

  private static String py(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
