package dev.vibegrapher.review.control;

import dev.vibegrapher.client.review.TestResult;
import dev.vibegrapher.platform.boundary.ProblemException;
import dev.vibegrapher.sandbox.control.Sandbox;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs one Python test case against a file's code: its own python3 process in the sandbox ({@link
 * Sandbox}), the file's definitions in the test's scope (as the seeded tests expect), and a
 * wall-clock timeout after which the whole sandbox is killed. At most {@code
 * vibegrapher.tests.max-concurrent} run at once across the server; up to {@code
 * vibegrapher.tests.max-queued} more wait for a turn, and a run that would queue more is refused
 * whole (503 tests-busy) before any of its tests starts.
 *
 * <p>Inside, the code file is /work/NAME (the working directory) and the runner and the test are
 * /runner/run.py and /runner/test.py: apart, so no file name of a project can replace them.
 */
@ApplicationScoped
public class SandboxedTests {

  private static final Logger LOG = Logger.getLogger(SandboxedTests.class.getName());
  private static final int MAX_OUTPUT = 4000;
  // Exit 0: passed; 1: an assertion failed; 2: any other error. __name__ is not "__main__", so the
  // file's own entry point does not run. Arguments: the code file, the test file.
  private static final String RUNNER =
      String.join(
          "\n",
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

  @Inject Sandbox sandbox;

  @Inject
  @ConfigProperty(name = "vibegrapher.tests.quick-timeout-seconds")
  long quickTimeoutSeconds;

  @Inject
  @ConfigProperty(name = "vibegrapher.tests.timeout-seconds")
  long timeoutSeconds;

  @Inject
  @ConfigProperty(name = "vibegrapher.tests.max-concurrent")
  int maxConcurrent;

  @Inject
  @ConfigProperty(name = "vibegrapher.tests.max-queued")
  int maxQueued;

  private Semaphore running;
  private final AtomicInteger admitted = new AtomicInteger();

  @PostConstruct
  void limits() {
    running = new Semaphore(maxConcurrent, true);
  }

  /**
   * Claims places for {@code tests} runs, each of which then calls {@link #run} once: refused when
   * the sandbox is unavailable (503 sandbox-unavailable) or when the places taken, running or
   * waiting, would pass the concurrent and queued limits together (503 tests-busy).
   */
  public void admit(int tests) {
    sandbox.require();
    if (admitted.addAndGet(tests) > maxConcurrent + maxQueued) {
      admitted.addAndGet(-tests);
      throw new ProblemException(
          Response.Status.SERVICE_UNAVAILABLE,
          "tests-busy",
          "The server is running as many tests as it may ("
              + maxConcurrent
              + " at once, "
              + maxQueued
              + " waiting): run these "
              + tests
              + " again later.",
          Map.of("max_concurrent", maxConcurrent, "max_queued", maxQueued));
    }
  }

  /** Runs one admitted test when its turn comes; its time limit starts then. */
  public TestResult run(
      String testId,
      String testName,
      String testCode,
      boolean quick,
      String fileName,
      String code) {
    try {
      running.acquire();
    } catch (InterruptedException interrupted) {
      admitted.decrementAndGet();
      Thread.currentThread().interrupt();
      return new TestResult(testId, testName, TestResult.ERROR, "Interrupted.", 0);
    }
    try {
      return runNow(testId, testName, testCode, quick, fileName, code);
    } finally {
      running.release();
      admitted.decrementAndGet();
    }
  }

  private TestResult runNow(
      String testId,
      String testName,
      String testCode,
      boolean quick,
      String fileName,
      String code) {
    long started = System.nanoTime();
    Path directory = null;
    try {
      directory = Files.createTempDirectory("vibegrapher-test-");
      Path runner = Files.createDirectory(directory.resolve("runner"));
      Path file = directory.resolve("work").resolve(fileName);
      Files.createDirectories(file.getParent());
      Files.writeString(file, code, StandardCharsets.UTF_8);
      Files.writeString(runner.resolve("test.py"), testCode, StandardCharsets.UTF_8);
      Files.writeString(runner.resolve("run.py"), RUNNER, StandardCharsets.UTF_8);
      Process process =
          sandbox
              .python(
                  directory,
                  List.of("-I", "-B", "../runner/run.py", fileName, "../runner/test.py"),
                  true)
              .redirectErrorStream(true)
              .start();
      process.getOutputStream().close();
      CompletableFuture<String> output =
          CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
      long limit = quick ? quickTimeoutSeconds : timeoutSeconds;
      if (!process.waitFor(limit, TimeUnit.SECONDS)) {
        // Killing bubblewrap kills the sandbox's PID 1 and so every process in it
        // (--die-with-parent);
        // without the sandbox (switched off), the descendants are what can be found.
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
        return new TestResult(
            testId,
            testName,
            TestResult.ERROR,
            truncate("Timed out after " + limit + " s.\n" + output.getNow("")),
            millisSince(started));
      }
      String status =
          switch (process.exitValue()) {
            case 0 -> TestResult.PASSED;
            case 1 -> TestResult.FAILED;
            default -> TestResult.ERROR;
          };
      return new TestResult(
          testId,
          testName,
          status,
          truncate(output.get(5, TimeUnit.SECONDS)),
          millisSince(started));
    } catch (IOException cannotRun) {
      return new TestResult(
          testId,
          testName,
          TestResult.ERROR,
          "The test could not be started: "
              + cannotRun.getMessage()
              + " (is python3 installed? setting vibegrapher.python)",
          millisSince(started));
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return new TestResult(
          testId, testName, TestResult.ERROR, "Interrupted.", millisSince(started));
    } catch (java.util.concurrent.ExecutionException
        | java.util.concurrent.TimeoutException unreadable) {
      return new TestResult(
          testId,
          testName,
          TestResult.ERROR,
          "The test's output could not be read.",
          millisSince(started));
    } finally {
      delete(directory);
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

  // Counted in characters (code points), so a character outside the BMP is neither split nor
  // counted twice.
  private static String truncate(String output) {
    return output.codePointCount(0, output.length()) <= MAX_OUTPUT
        ? output
        : output.substring(0, output.offsetByCodePoints(0, MAX_OUTPUT)) + "\n[output truncated]";
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
