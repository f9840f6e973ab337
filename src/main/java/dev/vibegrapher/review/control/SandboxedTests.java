package dev.vibegrapher.review.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs one Python test case against a file's code: its own python3 process in a fresh temporary
 * directory holding the file, the file's definitions in the test's scope (as the seeded tests
 * expect), a minimal environment, resource limits (prlimit) and no network (unshare -n) where the
 * machine allows it, and a timeout.
 */
@ApplicationScoped
public class SandboxedTests {

  private static final Logger LOG = Logger.getLogger(SandboxedTests.class.getName());
  private static final int MAX_OUTPUT = 4000;
  // Exit 0: passed; 1: an assertion failed; 2: any other error. __name__ is not "__main__", so the
  // file's own entry point does not run.
  private static final String RUNNER = String.join("\n",
      "import sys, traceback",
      "scope = {'__name__': 'code_under_test', '__file__': sys.argv[1]}",
      "try:",
      "    exec(compile(open(sys.argv[1], encoding='utf-8').read(), sys.argv[1], 'exec'), scope)",
      "    exec(compile(open(sys.argv[2], encoding='utf-8').read(), 'test', 'exec'), scope)",
      "except AssertionError:",
      "    traceback.print_exc()",
      "    sys.exit(1)",
      "except BaseException:",
      "    traceback.print_exc()",
      "    sys.exit(2)",
      "");

  @Inject
  @ConfigProperty(name = "vibegrapher.python", defaultValue = "python3")
  String python;

  @Inject
  @ConfigProperty(name = "vibegrapher.tests.quick-timeout-seconds", defaultValue = "5")
  long quickTimeoutSeconds;

  @Inject
  @ConfigProperty(name = "vibegrapher.tests.timeout-seconds", defaultValue = "30")
  long timeoutSeconds;

  private List<String> isolation = List.of();

  @PostConstruct
  void detectIsolation() {
    List<String> candidate = new ArrayList<>();
    if (works(List.of("prlimit", "--as=1073741824", "--nproc=256", "--fsize=10485760", "--cpu=60", "true"))) {
      candidate.addAll(List.of("prlimit", "--as=1073741824", "--nproc=256", "--fsize=10485760", "--cpu=60"));
    }
    if (works(List.of("unshare", "-n", "true"))) {
      candidate.addAll(List.of("unshare", "-n"));
    } else if (works(List.of("unshare", "-rn", "true"))) {
      candidate.addAll(List.of("unshare", "-rn"));
    }
    isolation = List.copyOf(candidate);
    LOG.info(() -> "Test isolation: " + (isolation.isEmpty() ? "none available (no prlimit, no unshare)" : String.join(" ", isolation)));
  }

  /** Whether tests run without network on this machine. */
  public boolean networkIsolated() {
    return isolation.contains("unshare");
  }

  public TestResult run(String testId, String testName, String testCode, boolean quick, String fileName, String code) {
    long started = System.nanoTime();
    Path directory = null;
    try {
      directory = Files.createTempDirectory("vibegrapher-test-");
      Path file = directory.resolve(fileName);
      Files.createDirectories(file.getParent());
      Files.writeString(file, code, StandardCharsets.UTF_8);
      Files.writeString(directory.resolve("vibegrapher_test.py"), testCode, StandardCharsets.UTF_8);
      Files.writeString(directory.resolve("vibegrapher_runner.py"), RUNNER, StandardCharsets.UTF_8);
      List<String> command = new ArrayList<>(isolation);
      command.addAll(List.of(python, "-I", "-B", "vibegrapher_runner.py", fileName, "vibegrapher_test.py"));
      ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
      builder.environment().clear();
      builder.environment().putAll(Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "HOME", directory.toString(),
          "LANG", "C.UTF-8", "PYTHONDONTWRITEBYTECODE", "1", "PYTHONIOENCODING", "utf-8"));
      Process process = builder.start();
      CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
      long limit = quick ? quickTimeoutSeconds : timeoutSeconds;
      if (!process.waitFor(limit, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        return new TestResult(testId, testName, TestResult.ERROR, truncate("Timed out after " + limit + " s.\n" + output.getNow("")), millisSince(started));
      }
      String status = switch (process.exitValue()) {
        case 0 -> TestResult.PASSED;
        case 1 -> TestResult.FAILED;
        default -> TestResult.ERROR;
      };
      return new TestResult(testId, testName, status, truncate(output.get(5, TimeUnit.SECONDS)), millisSince(started));
    } catch (IOException cannotRun) {
      return new TestResult(testId, testName, TestResult.ERROR, "The test could not be started: " + cannotRun.getMessage()
          + " (is python3 installed? setting vibegrapher.python)", millisSince(started));
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return new TestResult(testId, testName, TestResult.ERROR, "Interrupted.", millisSince(started));
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException unreadable) {
      return new TestResult(testId, testName, TestResult.ERROR, "The test's output could not be read.", millisSince(started));
    } finally {
      delete(directory);
    }
  }

  private static boolean works(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor(5, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException | InterruptedException unavailable) {
      return false;
    }
  }

  // Reads to the end, so a chatty test never blocks on a full pipe, and keeps only the beginning.
  private static String read(InputStream stream) {
    try (stream) {
      // A character is at most 4 bytes in UTF-8: one byte more shows that there was more to cut.
      byte[] kept = stream.readNBytes(MAX_OUTPUT * 4 + 1);
      stream.transferTo(java.io.OutputStream.nullOutputStream());
      return new String(kept, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  // Counted in characters (code points), so a character outside the BMP is neither split nor counted twice.
  private static String truncate(String output) {
    return output.codePointCount(0, output.length()) <= MAX_OUTPUT
        ? output : output.substring(0, output.offsetByCodePoints(0, MAX_OUTPUT)) + "\n[output truncated]";
  }

  private static long millisSince(long started) {
    return (System.nanoTime() - started) / 1_000_000;
  }

  private static void delete(Path directory) {
    if (directory == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException leftBehind) {
      LOG.warning(() -> "Could not remove " + directory + ": " + leftBehind.getMessage());
    }
  }
}
