package dev.vibegrapher.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The test harness starts a server once more only when Payara failed its own start, logs it as a
 * failed start, and fails at once, not after the boot limit, when that happens a second time in the
 * run, to the same app or to another. The "server" here is a shell script that prints Payara's
 * failure and then hangs (as Payara's process does), or serves /health/ready.
 */
class RunningAppTest {

  @TempDir Path work;

  @BeforeEach
  void aFreshTestRun() {
    RunningApp.FAILED_STARTS.set(0);
  }

  @Test
  void aStartThatPayaraFailedItselfIsMadeOnceMore() throws Exception {
    try (RunningApp app =
        RunningApp.launchedBy("payara-failed-once", Map.of(), port -> server(port, 1))) {
      Files.deleteIfExists(app.log());
      app.start();
      assertEquals(200, app.api().get("/health/ready").status());
      assertEquals(1, countFailures(app.log()), "one failed start, then the one that served");
      assertEquals(1, RunningApp.FAILED_STARTS.get(), "the failed start is counted");
    }
  }

  @Test
  void aSecondAppWhoseStartFailsAfterAnotherDidFailsTheTest() throws Exception {
    try (RunningApp first =
        RunningApp.launchedBy("payara-failed-first", Map.of(), port -> server(port, 1))) {
      Files.deleteIfExists(first.log());
      first.start();
    }
    Files.delete(work.resolve("attempts"));
    try (RunningApp second =
        RunningApp.launchedBy("payara-failed-second", Map.of(), port -> server(port, 1))) {
      IllegalStateException failed = assertThrows(IllegalStateException.class, second::start);
      assertTrue(
          failed.getMessage().contains("2 failed starts in this test run"), failed.getMessage());
    }
  }

  @Test
  void aSecondFailedStartFailsTheTest() {
    try (RunningApp app =
        RunningApp.launchedBy("payara-failed-twice", Map.of(), port -> server(port, 2))) {
      IllegalStateException failed = assertThrows(IllegalStateException.class, app::start);
      assertTrue(failed.getMessage().contains("failed its own start again"), failed.getMessage());
    }
  }

  /**
   * Fails like Payara for the first {@code failures} starts, then serves /health/ready on the port.
   */
  private List<String> server(int port, int failures) {
    String script =
        """
        cd "$WORK"
        attempts=$(cat attempts 2>/dev/null || echo 0)
        echo $((attempts + 1)) > attempts
        if [ "$attempts" -lt %d ]; then
          echo 'java.util.ConcurrentModificationException'
          echo 'Failed to start, exiting'
          exec sleep 600
        fi
        mkdir -p www/health && echo ok > www/health/ready
        cd www && exec python3 -m http.server %d --bind 127.0.0.1
        """
            .formatted(failures, port);
    return List.of("env", "WORK=" + work, "bash", "-c", script);
  }

  private static long countFailures(Path log) throws Exception {
    return Files.readAllLines(log).stream()
        .filter(line -> line.contains("Failed to start, exiting"))
        .count();
  }
}
