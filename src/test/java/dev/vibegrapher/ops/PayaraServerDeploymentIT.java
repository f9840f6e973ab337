package dev.vibegrapher.ops;

import static dev.vibegrapher.support.Runs.framesUntilEnd;
import static dev.vibegrapher.support.Runs.ofType;
import static dev.vibegrapher.support.Runs.submitPatch;
import static dev.vibegrapher.support.Runs.types;
import static dev.vibegrapher.support.Runs.verdict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibegrapher.support.Api;
import dev.vibegrapher.support.FakeOpenAi;
import dev.vibegrapher.support.RunningApp;
import dev.vibegrapher.support.Runs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * target/vibegrapher.war deployed as an operator deploys it on a stock Payara Server 6 (the
 * distribution from Maven Central, unpacked under target/ by the build): a domain of its own on
 * ports away from the defaults, {@code asadmin deploy --contextroot /}, the app configured only
 * through the environment (MicroProfile Config). Then the product's smallest whole story: a
 * project, a session, a run against the fake LLM that proposes a patch the evaluator approves, the
 * run's frames over WebSocket, the human's approval and the commit.
 */
class PayaraServerDeploymentIT {

  static final String CODE = "x = 1\ny = 2\n";
  static final String PATCH = "@@ -1,2 +1,2 @@\n-x = 1\n+x = 10\n y = 2\n";
  static final String DOMAIN = "vibegrapher-it";

  @Test
  void theWarDeploysOnPayaraServerAndCommitsAnAgentsPatch() throws Exception {
    Path home = Path.of(System.getProperty("payara.server.home"));
    Path war = Path.of(System.getProperty("vibegrapher.war"));
    Path domains =
        Files.createDirectories(Path.of("target", "payara-domains"))
            .resolve(UUID.randomUUID().toString())
            .toAbsolutePath();
    int portBase = freePortBase();
    int adminPort = portBase + 48;
    asadmin(
        home,
        "create-domain",
        "--domaindir",
        domains.toString(),
        "--portbase",
        String.valueOf(portBase),
        "--nopassword=true",
        DOMAIN);
    Path domainXml = domains.resolve(DOMAIN).resolve("config").resolve("domain.xml");

    try (FakeOpenAi fake = FakeOpenAi.start()) {
      Map<String, String> environment =
          Map.of(
              "AS_JAVA",
              System.getProperty("java.home"),
              "VIBEGRAPHER_DATA_DIR",
              Files.createTempDirectory("vibegrapher-payara-server").toString(),
              "OPENAI_API_KEY",
              "test-key-not-a-secret",
              "OPENAI_BASE_URL",
              fake.baseUrl(),
              "VIBEGRAPHER_CODER_MODEL",
              "server-coder",
              "VIBEGRAPHER_EVALUATOR_MODEL",
              "server-evaluator");
      // The domain in the foreground (--verbose), so that its log is the test's log; its HTTP
      // listener moved to the port the test reaches it on.
      RunningApp app =
          RunningApp.launchedBy(
              "payara-server",
              environment,
              port -> {
                movePort(domainXml, portBase + 80, port);
                List<String> command = new ArrayList<>(asadminCommand(home));
                command.addAll(
                    List.of(
                        "start-domain", "--verbose", "--domaindir", domains.toString(), DOMAIN));
                return command;
              });
      try {
        app.start((status, body) -> true);
        asadmin(
            home,
            "--port",
            String.valueOf(adminPort),
            "deploy",
            "--contextroot",
            "/",
            "--name",
            "vibegrapher",
            war.toString());
        awaitReady(app);

        Runs.Room room = Runs.Room.open(app, CODE);
        Api api = room.api();
        fake.script("server-coder").functionCall("submit_patch", submitPatch(PATCH, "x ten"));
        fake.script("server-evaluator").structured(verdict(true, "Good", "Make x ten"));
        String runId = Runs.send(api, room.sessionId(), "x ten").get("run_id").asText();
        List<JsonNode> frames = framesUntilEnd(room.ws(), runId, Duration.ofSeconds(90));
        assertEquals(
            "vibecode_completed", types(frames).get(frames.size() - 1), types(frames).toString());
        String diffId = ofType(frames, "diff_created").get(0).get("diff").get("id").asText();

        assertEquals(
            "human_approved",
            api.post("/api/diffs/" + diffId + "/review", Map.of("approved", true))
                .json()
                .get("diff")
                .get("status")
                .asText());
        Api.Reply commit = api.post("/api/diffs/" + diffId + "/commit", Map.of());
        assertEquals(200, commit.status(), commit.body());
        assertEquals("committed", commit.json().get("status").asText(), commit.body());
        JsonNode changed =
            room.ws()
                .nextMatching(
                    f -> f.path("type").asText().equals("code_changed"), Duration.ofSeconds(20));
        assertEquals(
            "x = 10\ny = 2\n", changed.get("data").get("new_code").asText(), changed.toString());
        assertEquals(
            "x = 10\ny = 2\n",
            api.get("/api/projects/" + room.projectId()).json().get("current_code").asText());
        room.close();
      } finally {
        asadmin(home, "stop-domain", "--domaindir", domains.toString(), DOMAIN);
        app.close();
      }
    }
  }

  /** Waits for the deployed app's readiness (the deploy command returns before it may answer). */
  private static void awaitReady(RunningApp app) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    Api.Reply last = null;
    while (System.nanoTime() < deadline) {
      last = app.api().get("/health/ready");
      if (last.status() == 200) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError(
        "not ready after deployment: "
            + (last == null ? "no answer" : last.status() + " " + last.body()));
  }

  /** Runs asadmin to its end; fails with its output when it fails. */
  private static void asadmin(Path home, String... arguments)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(asadminCommand(home));
    command.addAll(List.of(arguments));
    Path output = Files.createTempFile("asadmin", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
    builder.environment().put("AS_JAVA", System.getProperty("java.home"));
    Process process = builder.start();
    boolean ended = process.waitFor(5, TimeUnit.MINUTES);
    String log = Files.readString(output);
    if (!ended) {
      process.destroyForcibly();
    }
    assertTrue(ended && process.exitValue() == 0, String.join(" ", command) + " failed:\n" + log);
  }

  /** asadmin through sh: the script needs no executable bit, whatever the unpacking kept. */
  private static List<String> asadminCommand(Path home) {
    return List.of("sh", home.resolve("bin").resolve("asadmin").toString());
  }

  private static void movePort(Path domainXml, int from, int to) {
    try {
      String xml = Files.readString(domainXml, StandardCharsets.UTF_8);
      String listener = "port=\"" + from + "\"";
      assertTrue(xml.contains(listener), "domain.xml has its HTTP listener on " + from);
      Files.writeString(
          domainXml, xml.replace(listener, "port=\"" + to + "\""), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A base of 100 ports, all free now: create-domain --portbase puts each of the domain's listeners
   * at base + n.
   */
  private static int freePortBase() {
    for (int attempt = 0; attempt < 50; attempt++) {
      int base = 100 * ThreadLocalRandom.current().nextInt(200, 550);
      if (allFree(base, 100)) {
        return base;
      }
    }
    throw new IllegalStateException("no free range of 100 ports");
  }

  private static boolean allFree(int base, int count) {
    for (int port = base; port < base + count; port++) {
      try (ServerSocket socket = new ServerSocket(port)) {
        socket.setReuseAddress(true);
      } catch (IOException taken) {
        return false;
      }
    }
    return true;
  }
}
