package dev.vibegrapher.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * The code of a project test case that, once the app runs it, tells the test so and then waits
 * until the test lets it finish: a hold for scenarios that need a test case provably running.
 * Two named pipes do it, so neither side polls: the test case opens {@code started} for writing,
 * which blocks until {@link #awaitStarted} opens it for reading, then reads {@code release} to its
 * end, which blocks until {@link #release} opens and closes it. The sandbox has no network, but it
 * shares the file system, so the pipes are reachable from inside it.
 */
public final class HeldTestCase implements AutoCloseable {

  private final Path directory;
  private final Path started;
  private final Path release;

  private HeldTestCase(Path directory) {
    this.directory = directory;
    this.started = directory.resolve("started");
    this.release = directory.resolve("release");
  }

  public static HeldTestCase create() {
    try {
      HeldTestCase held = new HeldTestCase(Files.createTempDirectory("vibegrapher-held-test-"));
      held.directory.toFile().setExecutable(true, false);
      mkfifo(held.started);
      mkfifo(held.release);
      return held;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The Python test case: signal, wait for the release, then pass. */
  public String code() {
    return "open(" + python(started) + ", 'w').close()\nopen(" + python(release) + ").read()\n";
  }

  /** Returns once the app runs the test case; fails if it does not start within the timeout. */
  public void awaitStarted(Duration timeout) {
    within(timeout, "the held test case to start", () -> {
      try (InputStream signal = Files.newInputStream(started)) {
        return signal.readAllBytes();
      }
    });
  }

  /** Lets the running test case finish (it passes). */
  public void release(Duration timeout) {
    within(timeout, "the held test case to take its release", () -> {
      try (OutputStream go = Files.newOutputStream(release)) {
        return null;
      }
    });
  }

  /** Removes the pipes; a test case still waiting for its release ends at its time limit. */
  @Override
  public void close() {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // Opening a pipe blocks until the other end is opened: a thread of its own, so a test case that
  // never comes fails the test instead of hanging it.
  private static <T> T within(Duration timeout, String what, Callable<T> blocking) {
    CompletableFuture<T> done = new CompletableFuture<>();
    Thread opener = new Thread(() -> {
      try {
        done.complete(blocking.call());
      } catch (Exception e) {
        done.completeExceptionally(e);
      }
    }, "held-test-case");
    opener.setDaemon(true);
    opener.start();
    try {
      return done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("Waited " + timeout + " for " + what, e);
    } catch (ExecutionException e) {
      throw new AssertionError("Could not wait for " + what, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void mkfifo(Path path) throws IOException {
    try {
      Process mkfifo = new ProcessBuilder("mkfifo", "-m", "666", path.toString()).inheritIO().start();
      if (mkfifo.waitFor() != 0) {
        throw new IOException("mkfifo " + path + " failed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String python(Path path) {
    return "'" + path.toString().replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
