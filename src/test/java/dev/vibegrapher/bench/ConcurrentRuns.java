package dev.vibegrapher.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibegrapher.support.Api;
import dev.vibegrapher.support.FakeOpenAi;
import dev.vibegrapher.support.Flavor;
import dev.vibegrapher.support.Prometheus;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 5's benchmark: N sessions each send one message at once to a fake LLM that answers after a
 * fixed delay. Reports the wall time until every run has completed, the 202's latency, the server's
 * thread count and the errors. The burst is repeated (system property bench.rounds, default 3) with
 * the same sessions: the first round meets a server whose JIT has seen one run, later ones a warmed
 * server. The coder's model reasons, as the product's default models do, unless system property
 * bench.plain is true (a server whose models do not reason; set VIBEGRAPHER_REASONING_EFFORT=none
 * with it). Usage: ConcurrentRuns [sessions] [llm delay ms] [extra KEY=VALUE env...]
 */
public final class ConcurrentRuns {

  public static void main(String[] args) throws Exception {
    int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    long delayMillis = args.length > 1 ? Long.parseLong(args[1]) : 2000;
    Map<String, String> env = new HashMap<>();
    for (int i = 2; i < args.length; i++) {
      String[] pair = args[i].split("=", 2);
      env.put(pair[0], pair[1]);
    }
    try (FakeOpenAi fake = FakeOpenAi.start()) {
      if (Boolean.getBoolean("bench.plain")) {
        fake.plainModels("bench-coder");
      }
      fake.script("bench-coder")
          .always(reply -> reply.delay(Duration.ofMillis(delayMillis)).text("Done."));
      env.putAll(
          Map.of(
              "OPENAI_API_KEY",
              "bench-key",
              "OPENAI_BASE_URL",
              fake.baseUrl(),
              "VIBEGRAPHER_CODER_MODEL",
              "bench-coder"));
      // Every session is the operator's: one caller, so the per-caller cap must let all of them
      // run.
      env.putIfAbsent("VIBEGRAPHER_RUNS_MAX_PER_CALLER", String.valueOf(sessions));
      try (RunningApp app = RunningApp.prepare("bench-concurrent-runs", Flavor.H2, env).start()) {
        run(app, sessions, delayMillis);
      }
    }
    System.exit(0);
  }

  private static void run(RunningApp app, int sessions, long delayMillis) throws Exception {
    Api api = app.api();
    String project = Runs.newProject(api, "x = 1\n");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < sessions; i++) {
      ids.add(
          api.post(
                  "/api/projects/" + project + "/sessions",
                  Map.of("session_type", "node", "node_id", "n" + i))
              .json()
              .get("id")
              .asText());
    }
    warmUp(app, api, project);
    int rounds = Integer.getInteger("bench.rounds", 3);
    for (int round = 1; round <= rounds; round++) {
      System.out.printf("round %d of %d%n", round, rounds);
      burst(app, api, project, ids, delayMillis);
    }
  }

  /** Every session sends one message at once; returns when every run has ended. */
  private static void burst(
      RunningApp app, Api api, String project, List<String> ids, long delayMillis)
      throws Exception {
    int sessions = ids.size();
    long threadsBefore = threads(api);
    double[] serverBefore = serverTime(api);
    double serverCpuBefore = cpuSeconds(app.pid());
    double serverSystemCpuBefore = systemCpuSeconds(app.pid());
    Map<String, Double> serverThreadsCpuBefore = threadGroupCpuSeconds(app.pid());
    double benchCpuBefore = cpuSeconds(ProcessHandle.current().pid());
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try (WsClient ws = WsClient.connect(app)) {
      ws.subscribe(project);
      ws.nextOfType("subscribed");
      long start = System.nanoTime();
      List<CompletableFuture<long[]>> sends = new ArrayList<>();
      java.util.concurrent.atomic.AtomicReference<String> firstRefusal =
          new java.util.concurrent.atomic.AtomicReference<>();
      for (String id : ids) {
        HttpRequest request =
            HttpRequest.newBuilder(app.uri("/api/sessions/" + id + "/messages"))
                .header("Authorization", "Bearer " + app.adminToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"Explain x\"}"))
                .build();
        long sent = System.nanoTime();
        sends.add(
            client
                .sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(
                    response -> {
                      if (response.statusCode() != 202
                          && firstRefusal.compareAndSet(
                              null, response.statusCode() + " " + response.body())) {
                        System.out.println("first refusal: " + firstRefusal.get());
                      }
                      return new long[] {response.statusCode(), System.nanoTime() - sent};
                    }));
      }
      List<Long> latencies = new ArrayList<>();
      int refused = 0;
      for (CompletableFuture<long[]> send : sends) {
        long[] result = send.join();
        latencies.add(result[1]);
        if (result[0] != 202) {
          refused++;
        }
      }
      int completed = 0;
      int failed = 0;
      long peakThreads = threadsBefore;
      while (completed + failed < sessions - refused) {
        JsonNode frame =
            ws.nextMatching(
                f -> f.path("type").asText().startsWith("vibecode_"), Duration.ofSeconds(120));
        if (frame.get("type").asText().equals("vibecode_completed")) {
          completed++;
        } else {
          failed++;
        }
        if ((completed + failed) % 50 == 0) {
          peakThreads = Math.max(peakThreads, threads(api));
        }
      }
      double wall = (System.nanoTime() - start) / 1e9;
      latencies.sort(null);
      System.out.printf(
          "sessions=%d llm_delay_ms=%d wall_s=%.2f completed=%d failed=%d refused=%d%n",
          sessions, delayMillis, wall, completed, failed, refused);
      System.out.printf(
          "202 latency (client side, all sent at once) p50=%.1f ms p99=%.1f ms max=%.1f ms%n",
          latencies.get(latencies.size() / 2) / 1e6,
          latencies.get((int) (latencies.size() * 0.99) - 1) / 1e6,
          latencies.get(latencies.size() - 1) / 1e6);
      double[] serverAfter = serverTime(api);
      System.out.printf(
          "202 server time (request metrics, first filter to response): mean=%.1f ms over %.0f requests%n",
          (serverAfter[1] - serverBefore[1]) / Math.max(1, serverAfter[0] - serverBefore[0]) * 1000,
          serverAfter[0] - serverBefore[0]);
      System.out.printf(
          "server threads: before=%d peak_sampled=%d; server RSS after the round: %d MB%n",
          threadsBefore, peakThreads, rssMegabytes(app));
      System.out.printf(
          "CPU during the round: server %.2f s (in the kernel %.2f s), this process (fake LLM and clients) %.2f s%n",
          cpuSeconds(app.pid()) - serverCpuBefore,
          systemCpuSeconds(app.pid()) - serverSystemCpuBefore,
          cpuSeconds(ProcessHandle.current().pid()) - benchCpuBefore);
      Map<String, Double> serverThreadsCpu = threadGroupCpuSeconds(app.pid());
      StringBuilder groups = new StringBuilder("server CPU by thread group:");
      serverThreadsCpu.forEach(
          (group, seconds) ->
              groups.append(
                  String.format(
                      " %s %.2f s;",
                      group, seconds - serverThreadsCpuBefore.getOrDefault(group, 0.0))));
      System.out.println(groups);
    }
  }

  /** One run first, so class loading and connection pools are not part of the figure. */
  private static void warmUp(RunningApp app, Api api, String project) {
    String session = Runs.openSession(api, project);
    try (WsClient ws = WsClient.connect(app)) {
      ws.subscribe(project);
      ws.nextOfType("subscribed");
      Runs.framesUntilEnd(
          ws, Runs.send(api, session, "warm up").get("run_id").asText(), Duration.ofSeconds(60));
    }
  }

  /** Count and sum (seconds) of the server's timer for accepted messages. */
  private static double[] serverTime(Api api) {
    Prometheus metrics = Prometheus.scrape(api);
    Map<String, String> route =
        Map.of("method", "POST", "path", "/api/sessions/{id}/messages", "status", "2xx");
    return new double[] {
      metrics.value("http_server_requests_seconds_count", route),
      metrics.value("http_server_requests_seconds_sum", route)
    };
  }

  /** User and system CPU time of a process, from /proc (clock ticks of 10 ms). */
  private static double cpuSeconds(long pid) throws java.io.IOException {
    String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
  }

  private static double systemCpuSeconds(long pid) throws java.io.IOException {
    String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
    return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[12]) / 100.0;
  }

  /** CPU seconds of a process's threads, grouped: JIT compiler, GC, runs, requests, the rest. */
  private static Map<String, Double> threadGroupCpuSeconds(long pid) throws java.io.IOException {
    Map<String, Double> groups = new java.util.TreeMap<>();
    try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/" + pid + "/task"))) {
      for (java.nio.file.Path task : tasks.toList()) {
        String stat;
        try {
          stat = java.nio.file.Files.readString(task.resolve("stat"));
        } catch (java.io.IOException ended) {
          continue;
        }
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        double seconds = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
        groups.merge(threadGroup(name), seconds, Double::sum);
      }
    }
    return groups;
  }

  // Linux keeps the first 15 characters of a thread's name.
  private static String threadGroup(String name) {
    if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
      return "jit";
    }
    if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.equals("VM Thread")) {
      return "gc+vm";
    }
    if (name.startsWith("java:app/concu")) {
      return "runs";
    }
    if (name.startsWith("http-thread-po")) {
      return "requests";
    }
    return "other";
  }

  private static long rssMegabytes(RunningApp app) throws java.io.IOException {
    for (String line :
        java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/" + app.pid() + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
      }
    }
    return -1;
  }

  private static long threads(Api api) {
    String metrics = api.get("/metrics?scope=base").body();
    Matcher count = Pattern.compile("(?m)^thread_count\\S*\\s+([0-9.]+)").matcher(metrics);
    return count.find() ? (long) Double.parseDouble(count.group(1)) : -1;
  }
}
