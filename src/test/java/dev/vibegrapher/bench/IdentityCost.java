package dev.vibegrapher.bench;

import dev.vibegrapher.support.Api;
import dev.vibegrapher.support.RunningApp;
import dev.vibegrapher.support.TestIssuer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What checking the caller costs (docs/benchmarks.md, "Identity"): GET /api/projects under wrk on
 * the build before identity (no credentials) and on this build with the admin token, an access
 * token and a JWT of the test issuer, alternating, the same number of projects stored. Usage:
 * IdentityCost BEFORE_JAR [rounds] (system property vibegrapher.jar names this build's jar).
 */
public final class IdentityCost {

  private static final int REPEATS = 3;
  private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern P99 = Pattern.compile("99%\\s+(\\S+)");

  public static void main(String[] args) throws Exception {
    String beforeJar = args[0];
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    try (TestIssuer issuer = TestIssuer.start()) {
      for (int round = 1; round <= rounds; round++) {
        try (RunningApp before =
            RunningApp.launchedBy(
                    "bench-identity-before",
                    Map.of("VIBEGRAPHER_DATA_DIR", tempDir()),
                    port ->
                        List.of(
                            RunningApp.javaExecutable(),
                            "-Xmx512m",
                            "-jar",
                            beforeJar,
                            "--port",
                            String.valueOf(port),
                            "--nocluster"))
                .start()) {
          seed(before.api());
          warmUp(before, null);
          List<String[]> runs = new ArrayList<>();
          for (int rep = 0; rep < REPEATS; rep++) {
            runs.add(load(before, null));
          }
          report(round, "before identity, no credentials", runs);
        }
        Map<String, String> provider = new HashMap<>(issuer.appSettings());
        provider.put("VIBEGRAPHER_DATA_DIR", tempDir());
        provider.put("VIBEGRAPHER_IDENTITY_ROLE_MAPPING", "staff=viewer");
        try (RunningApp after =
            RunningApp.launchedBy(
                    "bench-identity-after",
                    provider,
                    port ->
                        List.of(
                            RunningApp.javaExecutable(),
                            "-Xmx512m",
                            "-jar",
                            RunningApp.jar(),
                            "--port",
                            String.valueOf(port),
                            "--nocluster"))
                .start()) {
          seed(after.api());
          String accessToken =
              after
                  .api()
                  .post("/api/tokens", Map.of("name", "bench", "role", "viewer"))
                  .json()
                  .get("token")
                  .asText();
          String jwt = issuer.token("bench-user").groups("staff").signed();
          warmUp(after, after.adminToken());
          List<String[]> credentials =
              List.of(
                  new String[] {"admin token", after.adminToken()},
                  new String[] {"access token", accessToken},
                  new String[] {"JWT", jwt});
          // The credentials take turns, so none is measured only while the JIT is still at work.
          Map<String, List<String[]>> runs = new java.util.LinkedHashMap<>();
          for (int rep = 0; rep < REPEATS; rep++) {
            for (String[] credential : credentials) {
              runs.computeIfAbsent(credential[0], name -> new ArrayList<>())
                  .add(load(after, credential[1]));
            }
          }
          for (Map.Entry<String, List<String[]>> measured : runs.entrySet()) {
            report(round, "identity, " + measured.getKey(), measured.getValue());
          }
        }
      }
    }
    System.exit(0);
  }

  private static String tempDir() throws IOException {
    return java.nio.file.Files.createTempDirectory("vibegrapher-bench-identity").toString();
  }

  /** Ten projects stored, as the foundation benchmark has. */
  private static void seed(Api api) {
    for (int i = 0; i < 9; i++) {
      api.post("/api/projects", Map.of("name", "bench seed " + i));
    }
  }

  /** Throughput still climbs for the first half minute of load while the JIT compiles the path. */
  private static void warmUp(RunningApp app, String bearer) throws Exception {
    run(wrk(bearer), "-d45s", app.uri("/api/projects").toString());
  }

  private static String[] load(RunningApp app, String bearer) throws Exception {
    String output = run(wrk(bearer), "-d10s", app.uri("/api/projects").toString());
    return new String[] {find(RATE, output), find(P99, output)};
  }

  private static List<String> wrk(String bearer) {
    List<String> command = new ArrayList<>(List.of("wrk", "-t2", "-c16", "--latency"));
    if (bearer != null) {
      command.addAll(List.of("-H", "Authorization: Bearer " + bearer));
    }
    return command;
  }

  private static String run(List<String> command, String duration, String url) throws Exception {
    List<String> full = new ArrayList<>(command);
    full.add(duration);
    full.add(url);
    Process wrk = new ProcessBuilder(full).redirectErrorStream(true).start();
    String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    wrk.waitFor();
    if (output.contains("Non-2xx")) {
      throw new IllegalStateException("refused requests: " + output);
    }
    return output;
  }

  private static String find(Pattern pattern, String output) {
    Matcher matcher = pattern.matcher(output);
    return matcher.find() ? matcher.group(1) : "?";
  }

  /** Each run's figures, and the median throughput. */
  private static void report(int round, String what, List<String[]> runs) {
    List<Double> rates =
        runs.stream().map(figures -> Double.parseDouble(figures[0])).sorted().toList();
    System.out.printf(
        "round %d, %s: median %.0f req/s; runs %s%n",
        round,
        what,
        rates.get(rates.size() / 2),
        String.join(
            ", ", runs.stream().map(figures -> figures[0] + " req/s p99 " + figures[1]).toList()));
  }
}
