package dev.vibegrapher.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibegrapher.support.Api;
import dev.vibegrapher.support.FakeOpenAi;
import dev.vibegrapher.support.Flavor;
import dev.vibegrapher.support.RunningApp;
import dev.vibegrapher.support.Runs;
import dev.vibegrapher.support.WsClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sessions benchmark in the product's full shape: N projects, one session each, send one
 * message at once; the coder (after the delay) submits a patch, which is applied and
 * syntax-checked; the evaluator (after the delay) approves it; as each diff arrives on the
 * WebSocket the client approves it as the human and commits it to the project's git repository.
 * Reports the wall time until every run has ended and until every commit has landed. Each project
 * has its own repository, as each commit moves its branch. Usage: ReviewedRuns [projects] [llm
 * delay ms] (system property bench.rounds, default 3).
 */
public final class ReviewedRuns {

  private static final String CODE = "x = 1\n";

  public static void main(String[] args) throws Exception {
    int projects = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    long delayMillis = args.length > 1 ? Long.parseLong(args[1]) : 2000;
    try (FakeOpenAi fake = FakeOpenAi.start()) {
      fake.script("bench-evaluator")
          .always(
              reply ->
                  reply
                      .delay(Duration.ofMillis(delayMillis))
                      .structured(Runs.verdict(true, "Does what was asked.", "Add a line")));
      Map<String, String> env =
          new HashMap<>(
              Map.of(
                  "OPENAI_API_KEY",
                  "bench-key",
                  "OPENAI_BASE_URL",
                  fake.baseUrl(),
                  "VIBEGRAPHER_CODER_MODEL",
                  "bench-coder",
                  "VIBEGRAPHER_EVALUATOR_MODEL",
                  "bench-evaluator"));
      // Every project is the operator's: one caller, so the per-caller cap must let all of them
      // run.
      env.put("VIBEGRAPHER_RUNS_MAX_PER_CALLER", String.valueOf(projects));
      try (RunningApp app = RunningApp.prepare("bench-reviewed-runs", Flavor.H2, env).start()) {
        run(app, fake, projects, delayMillis);
      }
    }
    System.exit(0);
  }

  private static void run(RunningApp app, FakeOpenAi fake, int count, long delayMillis)
      throws Exception {
    Api api = app.api();
    Map<String, String> sessionsByProject = new HashMap<>();
    for (int i = 0; i < count + 1; i++) {
      String project = Runs.newProject(api, CODE);
      sessionsByProject.put(project, Runs.openSession(api, project));
    }
    String warmUp = sessionsByProject.keySet().iterator().next();
    coderAddsLine(fake, 0, delayMillis);
    burst(app, Map.of(warmUp, sessionsByProject.remove(warmUp)), delayMillis, "warm-up");
    int rounds = Integer.getInteger("bench.rounds", 3);
    for (int round = 1; round <= rounds; round++) {
      coderAddsLine(fake, round, delayMillis);
      burst(app, sessionsByProject, delayMillis, "round " + round + " of " + rounds);
    }
  }

  /** A line after the first, new in each round: the applier refuses a patch already applied. */
  private static void coderAddsLine(FakeOpenAi fake, int round, long delayMillis) {
    String patch =
        "--- a/main.py\n+++ b/main.py\n@@ -1,1 +1,2 @@\n x = 1\n+r" + round + " = " + round + "\n";
    fake.script("bench-coder")
        .always(
            reply ->
                reply
                    .delay(Duration.ofMillis(delayMillis))
                    .functionCall("submit_patch", Runs.submitPatch(patch, "Add a line")));
  }

  private static void burst(
      RunningApp app, Map<String, String> sessionsByProject, long delayMillis, String label)
      throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try (WsClient ws = WsClient.connect(app)) {
      for (String project : sessionsByProject.keySet()) {
        ws.subscribe(project);
        ws.nextOfType("subscribed");
      }
      long start = System.nanoTime();
      List<CompletableFuture<Void>> sends = new ArrayList<>();
      for (String session : sessionsByProject.values()) {
        sends.add(
            client
                .sendAsync(
                    post(
                        app,
                        "/api/sessions/" + session + "/messages",
                        "{\"prompt\":\"Add a line\"}"),
                    HttpResponse.BodyHandlers.ofString())
                .thenAccept(response -> expect(202, response)));
      }
      CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
      List<CompletableFuture<Void>> decisions = new ArrayList<>();
      Map<String, Boolean> ended = new ConcurrentHashMap<>();
      int failed = 0;
      while (ended.size() < sessionsByProject.size()) {
        JsonNode frame =
            ws.nextMatching(
                f -> f.path("type").asText().startsWith("vibecode_"), Duration.ofSeconds(120));
        JsonNode data = frame.get("data");
        ended.put(data.get("run_id").asText(), true);
        if (frame.get("type").asText().equals("vibecode_completed")
            && data.path("outcome").asText().equals("diff")) {
          decisions.add(approveAndCommit(app, client, data.get("diff_id").asText()));
        } else {
          failed++;
          System.out.println("run did not end in a diff: " + frame);
        }
      }
      double runsEnded = (System.nanoTime() - start) / 1e9;
      CompletableFuture.allOf(decisions.toArray(CompletableFuture[]::new)).join();
      double committed = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          "%s: projects=%d llm_delay_ms=%d runs_ended_s=%.2f all_committed_s=%.2f diffs=%d failed=%d%n",
          label,
          sessionsByProject.size(),
          delayMillis,
          runsEnded,
          committed,
          decisions.size(),
          failed);
    }
  }

  private static CompletableFuture<Void> approveAndCommit(
      RunningApp app, HttpClient client, String diff) {
    return client
        .sendAsync(
            post(app, "/api/diffs/" + diff + "/review", "{\"approved\":true}"),
            HttpResponse.BodyHandlers.ofString())
        .thenCompose(
            approved -> {
              expect(200, approved);
              return client.sendAsync(
                  post(app, "/api/diffs/" + diff + "/commit", "{}"),
                  HttpResponse.BodyHandlers.ofString());
            })
        .thenAccept(commit -> expect(200, commit));
  }

  private static HttpRequest post(RunningApp app, String path, String json) {
    return HttpRequest.newBuilder(app.uri(path))
        .header("Authorization", "Bearer " + app.adminToken())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
  }

  private static void expect(int status, HttpResponse<String> response) {
    if (response.statusCode() != status) {
      throw new IllegalStateException(
          response.request().uri() + ": " + response.statusCode() + " " + response.body());
    }
  }
}
