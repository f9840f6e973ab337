package dev.vibegrapher.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The code of a project test case that, once the app runs it, shows the test so and then waits
 * until the test lets it finish: a hold for scenarios that need a test case provably running. The
 * sandbox shares nothing with the host but its processes, so the process is the channel: the test
 * case blocks SIGUSR1, then becomes a python3 whose command line carries a token of its own and
 * waits for that signal (the blocked mask survives the exec, so a release sent as soon as the token
 * shows is never lost). {@link #awaitStarted} finds the token in the host's process list, {@link
 * #release} sends the signal, and the test case passes.
 */
public final class HeldTestCase implements AutoCloseable {

  private final String token = "vibegrapher-held-" + UUID.randomUUID().toString().replace("-", "");

  private HeldTestCase() {}

  public static HeldTestCase create() {
    return new HeldTestCase();
  }

  /** The Python test case: show the token, wait for the release, then pass. */
  public String code() {
    return String.join(
        "\n",
        "import os, signal",
        "signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR1])",
        "os.execv('/usr/bin/python3', ['python3', '-c', 'import signal; signal.sigwait([signal.SIGUSR1])', '"
            + token
            + "'])",
        "");
  }

  /** Returns once the app runs the test case; fails if it does not start within the timeout. */
  public void awaitStarted(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    // The host's process list sends no event when a process appears: polled, briefly.
    while (held().isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Waited " + timeout + " for the held test case to start");
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** Whether the app runs the test case now. */
  public boolean isRunning() {
    return !held().isEmpty();
  }

  /** Lets the running test case finish (it passes). */
  public void release(Duration timeout) {
    List<ProcessHandle> waiting = held();
    if (waiting.isEmpty()) {
      throw new AssertionError("No held test case is running to release");
    }
    waiting.forEach(process -> signal(process, timeout));
  }

  /** Releases a test case still held, so that it does not wait until its time limit. */
  @Override
  public void close() {
    held().forEach(process -> signal(process, Duration.ofSeconds(10)));
  }

  private List<ProcessHandle> held() {
    return ProcessHandle.allProcesses()
        .filter(
            process ->
                process
                    .info()
                    .arguments()
                    .map(arguments -> List.of(arguments).contains(token))
                    .orElse(false))
        .toList();
  }

  private static void signal(ProcessHandle process, Duration timeout) {
    try {
      Process kill =
          new ProcessBuilder("kill", "-USR1", Long.toString(process.pid())).inheritIO().start();
      if (!kill.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
          || kill.exitValue() != 0) {
        throw new AssertionError(
            "Could not release the held test case (pid " + process.pid() + ")");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
