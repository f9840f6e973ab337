package dev.vibegrapher.patch.control;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Python is checked by CPython itself: a python3 process compiles the code (without running it)
 * and prints the SyntaxError the way Python words it.
 */
final class PythonSyntax {

  private static final String CHECK = String.join("\n",
      "import sys",
      "try:",
      "    compile(sys.stdin.buffer.read(), sys.argv[1], 'exec', dont_inherit=True)",
      "except SyntaxError as e:",
      "    print(f'{type(e).__name__}: {e.msg} (line {e.lineno})')",
      "    sys.exit(1)",
      "except ValueError as e:",
      "    print(f'{type(e).__name__}: {e}')",
      "    sys.exit(1)");

  private final String interpreter;
  private final Duration timeout;

  PythonSyntax(String interpreter, Duration timeout) {
    this.interpreter = interpreter;
    this.timeout = timeout;
  }

  /** The syntax error, or empty when the code compiles. */
  Optional<String> check(String fileName, String code) throws PatchRejected {
    Process process = start(fileName);
    try {
      CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
      try (OutputStream stdin = process.getOutputStream()) {
        stdin.write(code.getBytes(StandardCharsets.UTF_8));
      } catch (IOException closedEarly) {
        // the interpreter exited before reading everything; its exit status says why
      }
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new PatchRejected("The Python syntax check did not finish within " + timeout.toMillis()
            + " ms (setting vibegrapher.python.timeout-ms).");
      }
      String printed = output.join().strip();
      if (process.exitValue() == 0) {
        return Optional.empty();
      }
      return Optional.of(printed.isEmpty() ? "The Python syntax check failed with exit status " + process.exitValue() : printed);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new PatchRejected("The Python syntax check was interrupted.");
    } finally {
      process.destroyForcibly();
    }
  }

  private Process start(String fileName) throws PatchRejected {
    try {
      return new ProcessBuilder(List.of(interpreter, "-I", "-S", "-c", CHECK, fileName))
          .redirectErrorStream(true)
          .start();
    } catch (IOException missing) {
      throw new PatchRejected("Python code cannot be syntax-checked: the interpreter \"" + interpreter
          + "\" could not be started (" + missing.getMessage() + "). Install python3 or set VIBEGRAPHER_PYTHON.");
    }
  }

  private static String readAll(InputStream stream) {
    try (stream) {
      return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
