package dev.vibegrapher.bench;

import static dev.vibegrapher.support.Runs.framesUntilEnd;
import static dev.vibegrapher.support.Runs.ofType;
import static dev.vibegrapher.support.Runs.submitPatch;
import static dev.vibegrapher.support.Runs.verdict;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibegrapher.support.Api;
import dev.vibegrapher.support.FakeOpenAi;
import dev.vibegrapher.support.RunningApp;
import dev.vibegrapher.support.Runs;
import dev.vibegrapher.support.SharedFake;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What running one test case costs (docs/benchmarks.md, "Sandbox"): one project with one test case,
 * one diff, and POST /api/diffs/{id}/tests again and again, one at a time, on the build before the
 * sandbox and on this one, in turns. Reports the median of the request's wall time and of the
 * test's own duration_ms (from its process's start to its end, as the server measures it). Usage:
 * TestRunCost BEFORE_JAR [rounds] [runs] (system property vibegrapher.jar names this build's jar).
 */
public final class TestRunCost {

  private static final int WARM_UP = 20;

  public static void main(String[] args) throws Exception {
    String beforeJar = args[0];
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 50;
    for (int round = 1; round <= rounds; round++) {
      measure(round, "before the sandbox", beforeJar, runs);
      measure(round, "sandbox", RunningApp.jar(), runs);
    }
    System.exit(0);
  }

  private static void measure(int round, String what, String jar, int runs) throws Exception {
    Map<String, String> environment = new HashMap<>(SharedFake.settings());
    environment.put(
        "VIBEGRAPHER_DATA_DIR", Files.createTempDirectory("vibegrapher-bench-tests").toString());
    try (RunningApp app =
            RunningApp.launchedBy(
                    "bench-tests",
                    environment,
                    port ->
                        List.of(
                            RunningApp.javaExecutable(),
                            "-Xmx512m",
                            "-XX:+UseSerialGC",
                            "-XX:TieredStopAtLevel=1",
                            "-jar",
                            jar,
                            "--port",
                            String.valueOf(port),
                            "--nocluster"))
                .start();
        Runs.Room room = Runs.Room.open(app, "def greet(name):\n    return 'Hello, ' + name\n")) {
      Api api = room.api();
      api.post(
          "/api/projects/" + room.projectId() + "/tests",
          Map.of("name", "greets", "code", "assert greet('x') == 'Hello, x!'"));
      FakeOpenAi fake = SharedFake.fake();
      fake.reset();
      fake.script(SharedFake.CODER_MODEL)
          .functionCall(
              "submit_patch",
              submitPatch(
                  "@@ -1,2 +1,2 @@\n def greet(name):\n-    return 'Hello, ' + name\n+    return 'Hello, ' + name + '!'\n",
                  "exclaim"));
      fake.script(SharedFake.EVALUATOR_MODEL).structured(verdict(true, "Fine.", "Exclaim"));
      String runId = Runs.send(api, room.sessionId(), "exclaim").get("run_id").asText();
      String diffId =
          ofType(framesUntilEnd(room.ws(), runId, Duration.ofSeconds(60)), "diff_created")
              .get(0)
              .get("diff")
              .get("id")
              .asText();
      for (int i = 0; i < WARM_UP; i++) {
        run(api, diffId);
      }
      List<Long> wall = new ArrayList<>();
      List<Long> process = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        long started = System.nanoTime();
        process.add(run(api, diffId));
        wall.add((System.nanoTime() - started) / 1_000_000);
      }
      System.out.printf(
          "round %d, %s: request median %d ms (p90 %d), test median %d ms (p90 %d), %d runs%n",
          round,
          what,
          percentile(wall, 50),
          percentile(wall, 90),
          percentile(process, 50),
          percentile(process, 90),
          runs);
    }
  }

  private static long run(Api api, String diffId) {
    Api.Reply reply = api.post("/api/diffs/" + diffId + "/tests", Map.of());
    JsonNode result = reply.json().get("test_results").get(0);
    if (reply.status() != 200 || !result.get("status").asText().equals("passed")) {
      throw new IllegalStateException("the test did not pass: " + reply.body());
    }
    return result.get("duration_ms").asLong();
  }

  private static long percentile(List<Long> values, int percent) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.get(Math.min(sorted.size() - 1, sorted.size() * percent / 100));
  }
}
