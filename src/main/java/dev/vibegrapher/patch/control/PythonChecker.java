package dev.vibegrapher.patch.control;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One long-lived python3 process that compiles the code sent to it, one request at a time: starting
 * python3 costs tens of milliseconds, compiling a file usually one. Requests are "name-length
 * code-length\n" followed by the bytes; answers are a prefixed length line followed by the message,
 * empty when the code compiles. A watchdog kills the process when an answer is late.
 */
final class PythonChecker {

  private static final String ANSWER = "VIBEGRAPHER-CHECK ";
  private static final String SCRIPT =
      String.join(
          "\n",
          "import sys, warnings",
          "warnings.simplefilter('ignore')  # a SyntaxWarning must not end up in the answer",
          "def check(name, source):",
          "    try:",
          "        compile(source, name, 'exec', dont_inherit=True)",
          "    except SyntaxError as e:",
          "        return f'{type(e).__name__}: {e.msg} (line {e.lineno})'",
          "    except (ValueError, RecursionError, MemoryError) as e:",
          "        return f'{type(e).__name__}: {e}'",
          "    return ''",
          "requests, answers = sys.stdin.buffer, sys.stdout.buffer",
          "while True:",
          "    header = requests.readline()",
          "    if not header:",
          "        break",
          "    name_length, source_length = map(int, header.split())",
          "    name = requests.read(name_length).decode('utf-8')",
          "    answer = check(name, requests.read(source_length)).encode('utf-8')",
          "    answers.write(b'" + ANSWER + "%d\\n' % len(answer) + answer)",
          "    answers.flush()");
  private static final int MAX_REPORTED_OUTPUT = 4000;
  private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

  /** The check did not come back with an answer. */
  static final class Failed extends Exception {

    final boolean timedOut;
    final String output;
    final int exitStatus;

    Failed(boolean timedOut, String output, int exitStatus) {
      super(output, null, false, false);
      this.timedOut = timedOut;
      this.output = output;
      this.exitStatus = exitStatus;
    }
  }

  private final Process process;
  private final OutputStream requests;
  private final InputStream answers;
  private volatile boolean killed;

  private PythonChecker(Process process) {
    this.process = process;
    this.requests = process.getOutputStream();
    this.answers = new BufferedInputStream(process.getInputStream());
  }

  /** The interpreter's arguments; the caller starts it (in the sandbox, in the server). */
  static List<String> arguments() {
    return List.of("-I", "-S", "-c", SCRIPT);
  }

  static PythonChecker start(ProcessBuilder interpreter) throws IOException {
    // Stderr joins stdout so that whatever a broken interpreter says reaches the message.
    return new PythonChecker(interpreter.redirectErrorStream(true).start());
  }

  boolean isAlive() {
    return !killed && process.isAlive();
  }

  /** The syntax error as Python words it, or "" when the code compiles. */
  String check(String fileName, String code, Duration timeout) throws Failed {
    byte[] name = fileName.getBytes(StandardCharsets.UTF_8);
    byte[] source = code.getBytes(StandardCharsets.UTF_8);
    ScheduledFuture<?> watchdog =
        WATCHDOG.schedule(this::kill, timeout.toMillis(), TimeUnit.MILLISECONDS);
    try {
      requests.write(
          (name.length + " " + source.length + "\n").getBytes(StandardCharsets.US_ASCII));
      requests.write(name);
      requests.write(source);
      requests.flush();
      String header = readHeader();
      if (!header.startsWith(ANSWER)) {
        throw failure(header);
      }
      int length = Integer.parseInt(header.substring(ANSWER.length()).strip());
      byte[] answer = answers.readNBytes(length);
      if (answer.length < length) {
        throw failure("");
      }
      return new String(answer, StandardCharsets.UTF_8);
    } catch (IOException | NumberFormatException broken) {
      throw failure("");
    } finally {
      watchdog.cancel(false);
    }
  }

  /**
   * Ends the process; with children too, since a wrapper script's child would keep the pipes open.
   */
  void kill() {
    killed = true;
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  private String readHeader() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int next = answers.read();
        next != '\n' && next != -1 && line.size() < MAX_REPORTED_OUTPUT;
        next = answers.read()) {
      line.write(next);
    }
    return line.toString(StandardCharsets.UTF_8);
  }

  private Failed failure(String readSoFar) {
    boolean timedOut = killed;
    String output = readSoFar;
    try {
      // Killing closes the pipes, so what an interpreter that died by itself said is read first.
      if (!timedOut && process.waitFor(200, TimeUnit.MILLISECONDS)) {
        output +=
            new String(
                answers.readNBytes(Math.min(answers.available(), MAX_REPORTED_OUTPUT)),
                StandardCharsets.UTF_8);
      }
    } catch (IOException unreadable) {
      // the output is lost; the exit status still tells something
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
    kill();
    return new Failed(timedOut, output.strip(), process.isAlive() ? -1 : process.exitValue());
  }

  private static ScheduledThreadPoolExecutor watchdog() {
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            task -> {
              Thread thread = new Thread(task, "python-check-watchdog");
              thread.setDaemon(true);
              return thread;
            });
    executor.setRemoveOnCancelPolicy(true);
    // No thread outlives an idle minute, so none pins the application's class loader after
    // undeploy.
    executor.setKeepAliveTime(1, TimeUnit.MINUTES);
    executor.allowCoreThreadTimeOut(true);
    return executor;
  }
}
