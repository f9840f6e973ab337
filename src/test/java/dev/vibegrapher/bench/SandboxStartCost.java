package dev.vibegrapher.bench;

import dev.vibegrapher.sandbox.control.SandboxCommand;
import dev.vibegrapher.sandbox.entity.SandboxLimits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the sandbox adds to one test process (docs/benchmarks.md, "Sandbox"): the same passing test
 * run as the build before the sandbox ran it (prlimit, unshare -n, python3) and as this build runs
 * it (SandboxCommand: bubblewrap, through setpriv as nobody when run as root, prlimit inside), in
 * turns, so that the machine's load drifts over both alike. Reports the median and p90 wall time
 * from process start to exit. Usage: SandboxStartCost [rounds] [runs per round].
 */
public final class SandboxStartCost {

  private static final String RUNNER =
      String.join(
          "\n",
          "import sys, traceback",
          "scope = {'__name__': 'code_under_test', '__file__': sys.argv[1]}",
          "exec(compile(open(sys.argv[1], encoding='utf-8').read(), sys.argv[1], 'exec'), scope)",
          "exec(compile(open(sys.argv[2], encoding='utf-8').read(), 'test', 'exec'), scope)",
          "");

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    String python = "/usr/bin/python3";
    Path directory = Files.createTempDirectory("vibegrapher-bench-sandbox");
    Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path runner = Files.createDirectory(directory.resolve("runner"));
    Path work = Files.createDirectory(directory.resolve("work"));
    Files.writeString(
        work.resolve("main.py"), "def greet(name):\n    return 'Hello, ' + name + '!'\n");
    Files.writeString(runner.resolve("test.py"), "assert greet('x') == 'Hello, x!'\n");
    Files.writeString(runner.resolve("run.py"), RUNNER);
    // The build before: everything in one directory, the same limits where prlimit exists.
    Files.writeString(work.resolve("vibegrapher_test.py"), "assert greet('x') == 'Hello, x!'\n");
    Files.writeString(work.resolve("vibegrapher_runner.py"), RUNNER);
    List<String> before =
        List.of(
            "prlimit",
            "--as=1073741824",
            "--nproc=256",
            "--fsize=10485760",
            "--cpu=60",
            "unshare",
            "-n",
            python,
            "-I",
            "-B",
            "vibegrapher_runner.py",
            "main.py",
            "vibegrapher_test.py");
    boolean root = Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    List<String> after =
        SandboxCommand.of(
            "/usr/bin/bwrap",
            root ? "/usr/bin/setpriv" : null,
            new SandboxLimits(1_073_741_824L, 64, 60, 10_485_760L, 67_108_864L),
            Map.of("runner", runner),
            Map.of("main.py", work.resolve("main.py")),
            List.of("python3", "-I", "-B", "../runner/run.py", "main.py", "../runner/test.py"));
    for (int i = 0; i < 20; i++) {
      time(before, work);
      time(after, work);
    }
    for (int round = 1; round <= rounds; round++) {
      List<Long> beforeMicros = new ArrayList<>();
      List<Long> afterMicros = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        beforeMicros.add(time(before, work));
        afterMicros.add(time(after, work));
      }
      long beforeMedian = percentile(beforeMicros, 50);
      long afterMedian = percentile(afterMicros, 50);
      System.out.printf(
          "round %d, %d runs each: before %.1f ms (p90 %.1f), sandbox %.1f ms (p90 %.1f), added %.1f ms at the median%n",
          round,
          runs,
          beforeMedian / 1000.0,
          percentile(beforeMicros, 90) / 1000.0,
          afterMedian / 1000.0,
          percentile(afterMicros, 90) / 1000.0,
          (afterMedian - beforeMedian) / 1000.0);
    }
  }

  private static long time(List<String> command, Path work) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true);
    builder.environment().clear();
    long started = System.nanoTime();
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException("the test did not pass: " + command + "\n" + output);
    }
    return (System.nanoTime() - started) / 1000;
  }

  private static long percentile(List<Long> values, int percent) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.get(Math.min(sorted.size() - 1, sorted.size() * percent / 100));
  }
}
