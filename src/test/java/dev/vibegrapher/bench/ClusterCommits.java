package dev.vibegrapher.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibegrapher.client.session.CreateSessionRequest;
import dev.vibegrapher.support.Api;
import dev.vibegrapher.support.FakeOpenAi;
import dev.vibegrapher.support.Flavor;
import dev.vibegrapher.support.RunningApp;
import dev.vibegrapher.support.Runs;
import dev.vibegrapher.support.WsClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Commits per second through K instances of the uber jar sharing one new PostgreSQL database. N
 * approved diffs are prepared first, untimed: the fake LLM answers at once, the coder submits a
 * patch, the evaluator approves it, and the client approves each diff as the human. Then every diff
 * is committed at once ({@code POST /api/diffs/{id}/commit}, all requests in flight together,
 * spread round-robin over the instances): commits per second over the wall time, the latency of
 * each commit request (p50, p99, max), and every answer that is not 200.
 *
 * <p>Two shapes. "many projects": N projects with one session each, so the commits take N different
 * projects' locks. "one project": one project with N node sessions, each on a branch of its own
 * ({@code bench-1} ... {@code bench-N}, created from HEAD when its run starts), so no commit moves
 * another's target branch (which would be 409 head-moved), while all of them take the one project's
 * lock in turn, on whichever instance they arrive.
 *
 * <p>Usage: ClusterCommits [diffs, default 100] [instances, default 3]. System properties:
 * bench.shapes (default "many,one"), bench.rounds (default 1), bench.warmup (diffs committed
 * untimed first, per shape, default 20; 0 for none), bench.batch (runs prepared at once, default
 * 20). Needs VIBEGRAPHER_TEST_DATABASE_URL (and _USER) naming a PostgreSQL server whose user may
 * create databases, as the integration tests do.
 */
public final class ClusterCommits {

  private static final String CODE = "x = 1\n";
  private static final String PATCH =
      "--- a/main.py\n+++ b/main.py\n@@ -1,1 +1,2 @@\n x = 1\n+y = 2\n";
  private static final Duration RUN_LIMIT = Duration.ofSeconds(120);

  /**
   * A session whose run is to propose a diff: its project, and the branch it targets (null: the
   * checked-out one).
   */
  private record Target(String project, String session, String branch) {}

  /** One commit request's answer and how long it took. */
  private record Answer(int status, long nanos, String body) {}

  public static void main(String[] args) throws Exception {
    int diffs = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int instances = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int batch = Integer.getInteger("bench.batch", 20);
    int rounds = Integer.getInteger("bench.rounds", 1);
    int warmUp = Integer.getInteger("bench.warmup", 20);
    List<String> shapes = List.of(System.getProperty("bench.shapes", "many,one").split(","));
    int failures = 0;
    try (FakeOpenAi fake = FakeOpenAi.start()) {
      fake.script("bench-coder")
          .always(reply -> reply.functionCall("submit_patch", Runs.submitPatch(PATCH, "Add y")));
      fake.script("bench-evaluator")
          .always(reply -> reply.structured(Runs.verdict(true, "Does what was asked.", "Add y")));
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
      // Every run is the operator's, all started through the first instance: the cap per caller
      // (counted per instance) must let a whole batch run, and one WebSocket watch its projects.
      env.put("VIBEGRAPHER_RUNS_MAX_PER_CALLER", String.valueOf(batch));
      env.put("VIBEGRAPHER_WS_MAX_SUBSCRIPTIONS", String.valueOf(Math.max(20, batch)));
      List<RunningApp> apps = new ArrayList<>();
      try {
        RunningApp first =
            RunningApp.prepare("bench-cluster-commits-1", Flavor.POSTGRESQL, env).start();
        apps.add(first);
        for (int i = 2; i <= instances; i++) {
          apps.add(RunningApp.joining("bench-cluster-commits-" + i, first, env).start());
        }
        System.out.printf(
            "instances=%d on one PostgreSQL database (%s), diffs=%d, batch=%d, machine: %d cores%n",
            instances,
            first.databaseName(),
            diffs,
            batch,
            Runtime.getRuntime().availableProcessors());
        for (String shape : shapes) {
          boolean oneProject =
              switch (shape.strip()) {
                case "one" -> true;
                case "many" -> false;
                default -> throw new IllegalArgumentException("shape " + shape + ": many or one");
              };
          if (warmUp > 0) {
            failures += measure(apps, oneProject, warmUp, batch, "warm-up");
          }
          for (int round = 1; round <= rounds; round++) {
            failures += measure(apps, oneProject, diffs, batch, "round " + round + " of " + rounds);
          }
        }
      } finally {
        for (int i = apps.size() - 1; i >= 0; i--) {
          apps.get(i).close();
        }
      }
    }
    if (failures > 0) {
      System.out.println("FAILED: " + failures + " commits did not answer 200");
    }
    System.exit(failures > 0 ? 1 : 0);
  }

  /** Prepares the diffs of one shape, untimed, then times their commits; the non-200 count. */
  private static int measure(
      List<RunningApp> apps, boolean oneProject, int count, int batch, String label)
      throws Exception {
    RunningApp first = apps.get(0);
    Api api = first.api();
    List<Target> targets = new ArrayList<>();
    if (oneProject) {
      String project = Runs.newProject(api, CODE);
      for (int i = 1; i <= count; i++) {
        String branch = "bench-" + i;
        String session =
            api.client()
                .sessions()
                .open(project, new CreateSessionRequest("node", branch, branch))
                .id();
        targets.add(new Target(project, session, branch));
      }
    } else {
      for (int i = 0; i < count; i++) {
        String project = Runs.newProject(api, CODE);
        targets.add(new Target(project, Runs.openSession(api, project), null));
      }
    }
    List<String> diffIds = new ArrayList<>();
    for (int from = 0; from < targets.size(); from += batch) {
      diffIds.addAll(
          proposeAndApprove(first, targets.subList(from, Math.min(from + batch, count))));
    }
    String headBefore = oneProject ? head(api, targets.get(0).project()) : null;
    checkTargets(api, diffIds, targets, oneProject);

    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    String load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    List<CompletableFuture<Answer>> answers = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < diffIds.size(); i++) {
      RunningApp app = apps.get(i % apps.size());
      String body = "{\"commit_message\":\"Add y (bench commit " + (i + 1) + ")\"}";
      long sent = System.nanoTime();
      answers.add(
          client
              .sendAsync(
                  post(app, "/api/diffs/" + diffIds.get(i) + "/commit", body),
                  HttpResponse.BodyHandlers.ofString())
              .handle(
                  (response, failure) ->
                      failure != null
                          ? new Answer(-1, System.nanoTime() - sent, failure.toString())
                          : new Answer(
                              response.statusCode(), System.nanoTime() - sent, response.body())));
    }
    CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).join();
    double wall = (System.nanoTime() - start) / 1e9;

    List<Long> latencies = new ArrayList<>();
    Map<Integer, Integer> byStatus = new TreeMap<>();
    List<String> refusals = new ArrayList<>();
    for (CompletableFuture<Answer> future : answers) {
      Answer answer = future.join();
      latencies.add(answer.nanos());
      byStatus.merge(answer.status(), 1, Integer::sum);
      if (answer.status() != 200 && refusals.size() < 5) {
        refusals.add(answer.status() + " " + answer.body());
      }
    }
    latencies.sort(null);
    int non200 = diffIds.size() - byStatus.getOrDefault(200, 0);
    System.out.printf(
        "%s, %s: instances=%d commits=%d wall_s=%.2f commits_per_s=%.1f p50_ms=%.1f p99_ms=%.1f"
            + " max_ms=%.1f statuses=%s non200=%d load=%s%n",
        oneProject ? "one project" : "many projects",
        label,
        apps.size(),
        diffIds.size(),
        wall,
        diffIds.size() / wall,
        percentile(latencies, 50),
        percentile(latencies, 99),
        latencies.get(latencies.size() - 1) / 1e6,
        byStatus,
        non200,
        load);
    refusals.forEach(refusal -> System.out.println("  not 200: " + refusal));
    if (oneProject) {
      checkBranches(api, targets, headBefore);
    }
    return non200;
  }

  /**
   * Sends one prompt per target through the app at once and waits for every run's end on the
   * WebSocket; approves each diff as the human. The diffs' ids, in the targets' order.
   */
  private static List<String> proposeAndApprove(RunningApp app, List<Target> targets) {
    Api api = app.api();
    Map<String, Integer> runs = new HashMap<>();
    String[] diffs = new String[targets.size()];
    try (WsClient ws = WsClient.connect(app)) {
      for (String project : projectsOf(targets)) {
        ws.subscribe(project);
        ws.nextOfType("subscribed");
      }
      for (int i = 0; i < targets.size(); i++) {
        runs.put(Runs.start(api, targets.get(i).session(), "Add y").runId(), i);
      }
      Set<String> pending = new HashSet<>(runs.keySet());
      while (!pending.isEmpty()) {
        JsonNode frame =
            ws.nextMatching(
                f ->
                    f.path("type").asText().startsWith("vibecode_")
                        && pending.contains(f.path("data").path("run_id").asText()),
                RUN_LIMIT);
        JsonNode data = frame.get("data");
        String run = data.get("run_id").asText();
        if (!frame.get("type").asText().equals("vibecode_completed")
            || !data.path("outcome").asText().equals("diff")) {
          throw new IllegalStateException("run did not end in a diff: " + frame);
        }
        diffs[runs.get(run)] = data.get("diff_id").asText();
        pending.remove(run);
      }
    }
    for (String diff : diffs) {
      Api.Reply approved = api.post("/api/diffs/" + diff + "/review", Map.of("approved", true));
      if (approved.status() != 200) {
        throw new IllegalStateException(
            "approving " + diff + ": " + approved.status() + " " + approved.body());
      }
    }
    return List.of(diffs);
  }

  private static Set<String> projectsOf(List<Target> targets) {
    Set<String> projects = new LinkedHashSet<>();
    targets.forEach(target -> projects.add(target.project()));
    return projects;
  }

  /** Every diff is approved by the human and targets its session's branch, from the same base. */
  private static void checkTargets(
      Api api, List<String> diffIds, List<Target> targets, boolean oneProject) {
    Set<String> branches = new HashSet<>();
    Set<String> bases = new HashSet<>();
    for (int i = 0; i < diffIds.size(); i++) {
      JsonNode diff = api.get("/api/diffs/" + diffIds.get(i)).json();
      String branch = diff.get("target_branch").asText();
      String wanted = targets.get(i).branch();
      if (!diff.get("status").asText().equalsIgnoreCase("human_approved")
          || wanted != null && !branch.equals(wanted)) {
        throw new IllegalStateException("diff not approved for its branch: " + diff);
      }
      branches.add(targets.get(i).project() + " " + branch);
      bases.add(diff.get("base_commit").asText());
    }
    if (branches.size() != diffIds.size()) {
      throw new IllegalStateException("two diffs target one branch of one project");
    }
    if (oneProject && bases.size() != 1) {
      throw new IllegalStateException("the branches did not all start at HEAD: " + bases);
    }
  }

  /** After the commits: HEAD did not move, and each bench branch is one commit ahead of it. */
  private static void checkBranches(Api api, List<Target> targets, String headBefore) {
    String project = targets.get(0).project();
    String headAfter = head(api, project);
    Map<String, String> tips = new HashMap<>();
    api.get("/api/projects/" + project + "/branches")
        .json()
        .forEach(b -> tips.put(b.get("name").asText(), b.get("commit").asText()));
    long moved =
        targets.stream()
            .map(target -> tips.get(target.branch()))
            .filter(tip -> tip != null && !tip.equals(headBefore))
            .distinct()
            .count();
    System.out.printf(
        "  one project: %d branches, %d of %d bench branches moved to distinct commits, HEAD %s%n",
        tips.size(), moved, targets.size(), headAfter.equals(headBefore) ? "unchanged" : "MOVED");
  }

  private static String head(Api api, String project) {
    return api.get("/api/projects/" + project).json().get("current_commit").asText();
  }

  private static double percentile(List<Long> sorted, int percent) {
    int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, index)) / 1e6;
  }

  private static HttpRequest post(RunningApp app, String path, String json) {
    return HttpRequest.newBuilder(app.uri(path))
        .header("Authorization", "Bearer " + app.adminToken())
        .header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(300))
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
  }
}
