package dev.vibegrapher.patch.control;

import dev.vibegrapher.sandbox.control.SandboxUnavailable;
import java.io.IOException;
import java.time.Duration;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Python is checked by CPython itself: a python3 process compiles the code (without running it) and
 * reports the SyntaxError the way Python words it. The processes are kept and reused ({@link
 * PythonChecker}), since starting one costs far more than the compile; a process that hangs is
 * killed at the timeout and the next check starts a fresh one. The code is only compiled, never
 * run, but the compiler is fed what an LLM wrote, so in the server the processes start in the
 * sandbox too (without a CPU limit, as they live long; the timeout bounds each check).
 */
final class PythonSyntax {

  /** Checkers kept between checks; more run while more checks run at once, and end after. */
  private static final int IDLE_CHECKERS = 2;

  /** Makes the interpreter's process (not started) for the given arguments. */
  @FunctionalInterface
  interface Interpreter {
    ProcessBuilder with(List<String> arguments) throws IOException;
  }

  private final String interpreterName;
  private final Interpreter interpreter;
  private final Duration timeout;
  private final Deque<PythonChecker> idle = new ConcurrentLinkedDeque<>();

  PythonSyntax(String interpreterName, Interpreter interpreter, Duration timeout) {
    this.interpreterName = interpreterName;
    this.interpreter = interpreter;
    this.timeout = timeout;
  }

  /** The syntax error, or empty when the code compiles. */
  Optional<String> check(String fileName, String code) throws PatchRejected {
    PythonChecker kept = idle.pollFirst();
    if (kept != null && !kept.isAlive()) {
      kept.kill(); // releases its pipes
    } else if (kept != null) {
      try {
        return answer(kept, kept.check(fileName, code, timeout));
      } catch (PythonChecker.Failed failed) {
        if (failed.timedOut) {
          throw timedOut();
        }
        // It died while it waited (or was stopped): a fresh process gives the answer.
      }
    }
    PythonChecker fresh = start();
    try {
      return answer(fresh, fresh.check(fileName, code, timeout));
    } catch (PythonChecker.Failed failed) {
      if (failed.timedOut) {
        throw timedOut();
      }
      return Optional.of(
          failed.output.isEmpty()
              ? "The Python syntax check failed with exit status " + failed.exitStatus
              : failed.output);
    }
  }

  /**
   * Ends the idle processes; they also end by themselves when this JVM does (their input closes).
   */
  void close() {
    for (PythonChecker checker = idle.pollFirst(); checker != null; checker = idle.pollFirst()) {
      checker.kill();
    }
  }

  private Optional<String> answer(PythonChecker checker, String error) {
    if (idle.size() < IDLE_CHECKERS) {
      idle.offerFirst(checker);
    } else {
      checker.kill();
    }
    return error.isEmpty() ? Optional.empty() : Optional.of(error);
  }

  private PythonChecker start() throws PatchRejected {
    try {
      return PythonChecker.start(interpreter.with(PythonChecker.arguments()));
    } catch (SandboxUnavailable unavailable) {
      throw new PatchRejected("Python code cannot be syntax-checked: " + unavailable.getMessage());
    } catch (IOException missing) {
      throw new PatchRejected(
          "Python code cannot be syntax-checked: the interpreter \""
              + interpreterName
              + "\" could not be started ("
              + missing.getMessage()
              + "). Install python3 or set VIBEGRAPHER_PYTHON.");
    }
  }

  private PatchRejected timedOut() {
    return new PatchRejected(
        "The Python syntax check did not finish within "
            + timeout.toMillis()
            + " ms (setting vibegrapher.python.timeout-ms).");
  }
}
