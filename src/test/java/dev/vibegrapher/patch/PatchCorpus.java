package dev.vibegrapher.patch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The apply-quality corpus in src/test/resources/patch-corpus: real files under files/, and one
 * directory per case under cases/ holding "original" (the name of a file under files/), "about"
 * (what the model got wrong), "patch.diff", and either "expected" (the exact patched file) or
 * "REFUSE" (why applying would be wrong) with "message" (fragments the refusal must contain).
 */
public record PatchCorpus(Path root, List<PatchCorpus.Case> cases) {

  /** How a tool did on one case. */
  public enum Outcome {
    APPLIED_CORRECTLY(true),
    REFUSED_CORRECTLY(true),
    /** Refused a patch a careful human would have applied. */
    MISSED(false),
    /** Applied, but the result is not the expected file. */
    WRONG_RESULT(false),
    /** Applied a patch that should have been refused: mismatching context forced in, or a guess. */
    FORCED(false);

    private final boolean right;

    Outcome(boolean right) {
      this.right = right;
    }

    public boolean right() {
      return right;
    }
  }

  /**
   * @param expected the exact patched file, or empty when the patch must be refused
   * @param refusalMentions what our refusal message must contain (the hunk, the reason, the place),
   *     one fragment each
   */
  public record Case(
      String name,
      String about,
      String fileName,
      String original,
      String diff,
      Optional<String> expected,
      String refusalReason,
      List<String> refusalMentions) {

    public boolean expectsRefusal() {
      return expected.isEmpty();
    }

    /**
     * @param result the patched file, or empty when the tool refused
     */
    public Outcome judge(Optional<String> result) {
      if (result.isEmpty()) {
        return expectsRefusal() ? Outcome.REFUSED_CORRECTLY : Outcome.MISSED;
      }
      if (expectsRefusal()) {
        return Outcome.FORCED;
      }
      return result.equals(expected) ? Outcome.APPLIED_CORRECTLY : Outcome.WRONG_RESULT;
    }
  }

  /**
   * The corpus in the source tree (tests and benchmarks run from the project directory), so that
   * renamed or removed cases do not linger as stale copies in target/test-classes; the class path
   * copy otherwise. System property patch.corpus overrides both.
   */
  public static PatchCorpus load() {
    String configured = System.getProperty("patch.corpus");
    if (configured != null) {
      return load(Path.of(configured));
    }
    Path source = Path.of("src/test/resources/patch-corpus");
    if (Files.isDirectory(source)) {
      return load(source);
    }
    URL resource = PatchCorpus.class.getResource("/patch-corpus");
    if (resource == null) {
      throw new IllegalStateException(
          "patch corpus not found: run from the project directory or set -Dpatch.corpus");
    }
    try {
      return load(Path.of(resource.toURI()));
    } catch (URISyntaxException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  public static PatchCorpus load(Path root) {
    try (Stream<Path> directories = Files.list(root.resolve("cases"))) {
      List<Case> cases =
          directories
              .filter(Files::isDirectory)
              .sorted()
              .map(directory -> read(root, directory))
              .toList();
      return new PatchCorpus(root, cases);
    } catch (IOException unreadable) {
      throw new UncheckedIOException(unreadable);
    }
  }

  private static Case read(Path root, Path directory) {
    String fileName = text(directory.resolve("original")).strip();
    Path expected = directory.resolve("expected");
    Path refuse = directory.resolve("REFUSE");
    if (Files.exists(expected) == Files.exists(refuse)) {
      throw new IllegalStateException(directory + " needs exactly one of expected and REFUSE");
    }
    Path message = directory.resolve("message");
    if (Files.exists(refuse) != Files.exists(message)) {
      throw new IllegalStateException(
          directory
              + ": a refused case, and only one, says in \"message\" what its refusal must mention");
    }
    return new Case(
        directory.getFileName().toString(),
        text(directory.resolve("about")).strip(),
        fileName,
        text(root.resolve("files").resolve(fileName)),
        text(directory.resolve("patch.diff")),
        Files.exists(expected) ? Optional.of(text(expected)) : Optional.empty(),
        Files.exists(refuse) ? text(refuse).strip() : "",
        Files.exists(message)
            ? text(message).lines().filter(line -> !line.isBlank()).toList()
            : List.of());
  }

  private static String text(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException unreadable) {
      throw new UncheckedIOException(unreadable);
    }
  }
}
