package dev.vibegrapher.patch.control;

import dev.vibegrapher.patch.control.PatchApplier.AppliedPatch;
import dev.vibegrapher.sandbox.control.Sandbox;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one validation step of submit_patch: apply the diff, then check the result's syntax by file
 * type. Any failure is a {@link PatchRejected} whose message the coder receives verbatim.
 */
@ApplicationScoped
public class PatchValidation {

  private PythonSyntax python;

  PatchValidation() {}

  @Inject
  PatchValidation(
      Sandbox sandbox,
      @ConfigProperty(name = "vibegrapher.python") String interpreter,
      @ConfigProperty(name = "vibegrapher.python.timeout-ms") long timeoutMillis) {
    this.python =
        new PythonSyntax(
            interpreter,
            arguments -> sandbox.python(null, arguments, false),
            Duration.ofMillis(timeoutMillis));
  }

  /**
   * For use outside the server (unit tests, benchmarks): the same checks with explicit settings,
   * the interpreter started directly, without the sandbox.
   */
  public static PatchValidation with(String interpreter, Duration timeout) {
    PatchValidation validation = new PatchValidation();
    validation.python =
        new PythonSyntax(
            interpreter,
            arguments -> {
              List<String> command = new ArrayList<>(List.of(interpreter));
              command.addAll(arguments);
              return new ProcessBuilder(command);
            },
            timeout);
    return validation;
  }

  /** Python checker processes are kept between checks; they end with the application. */
  @PreDestroy
  void close() {
    if (python != null) {
      python.close();
    }
  }

  public AppliedPatch validate(String fileName, String originalCode, String diff)
      throws PatchRejected {
    AppliedPatch applied = PatchApplier.apply(fileName, originalCode, diff);
    Optional<String> syntaxError = syntaxError(fileName, applied.patchedCode());
    if (syntaxError.isPresent()) {
      throw new PatchRejected(
          "The patch applies, but the result does not parse: " + syntaxError.get());
    }
    return applied;
  }

  public Optional<String> syntaxError(String fileName, String code) throws PatchRejected {
    String name = fileName.toLowerCase(Locale.ROOT);
    if (name.endsWith(".py")) {
      return python.check(fileName, code);
    }
    if (name.endsWith(".java")) {
      return JavaSyntax.check(fileName, code);
    }
    if (name.endsWith(".json")) {
      return JsonSyntax.check(code);
    }
    return Optional.empty();
  }
}
