package dev.vibegrapher.bench;

import com.github.difflib.patch.Patch;
import com.github.difflib.patch.PatchFailedException;
import com.github.difflib.unifieddiff.UnifiedDiffFile;
import com.github.difflib.unifieddiff.UnifiedDiffReader;
import dev.vibegrapher.patch.PatchCorpus;
import dev.vibegrapher.patch.PatchCorpus.Case;
import dev.vibegrapher.patch.PatchCorpus.Outcome;
import dev.vibegrapher.patch.control.PatchApplier;
import dev.vibegrapher.patch.control.PatchRejected;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.patch.FormatError;

/**
 * Runs the apply-quality corpus through our applier, git apply (as is, and with the options a user
 * would reach for when it fails), GNU patch, and the two Java libraries we could have used instead
 * (java-diff-utils, JGit), and prints a markdown table of what each got right. Each gets the patch
 * exactly as the model wrote it; the command-line tools and JGit get the original file under its
 * own name in an empty directory; git apply gets -p1 when the headers carry a/ b/ prefixes.
 *
 * <p>Usage: PatchCorpusComparison [--cases] [corpus directory]; --cases adds one row per case.
 */
public final class PatchCorpusComparison {

  private static final String DIFF_NAME = "patch.diff";

  /**
   * Kept so it is not collected with its level: the reader logs a warning for every line it skips.
   */
  private static final Logger DIFF_UTILS_LOG = Logger.getLogger(UnifiedDiffReader.class.getName());

  private interface Tool {
    /** The patched file, or empty when the tool refused or failed. */
    Optional<String> apply(Case testCase, Path directory) throws IOException, InterruptedException;
  }

  private PatchCorpusComparison() {}

  public static void main(String[] args) throws Exception {
    boolean perCase = Arrays.asList(args).contains("--cases");
    PatchCorpus corpus =
        Arrays.stream(args)
            .filter(arg -> !arg.startsWith("--"))
            .findFirst()
            .map(Path::of)
            .map(PatchCorpus::load)
            .orElseGet(PatchCorpus::load);
    Map<String, Tool> tools = tools();
    Map<String, List<Outcome>> outcomes = new LinkedHashMap<>();
    for (Map.Entry<String, Tool> tool : tools.entrySet()) {
      List<Outcome> results = new ArrayList<>();
      for (Case testCase : corpus.cases()) {
        results.add(testCase.judge(run(tool.getValue(), testCase)));
      }
      outcomes.put(tool.getKey(), results);
    }
    printSummary(corpus, outcomes);
    if (perCase) {
      printCases(corpus, outcomes);
    }
  }

  private static Map<String, Tool> tools() {
    Map<String, Tool> tools = new LinkedHashMap<>();
    tools.put(
        "Vibegrapher PatchApplier",
        (testCase, directory) -> {
          try {
            return Optional.of(
                PatchApplier.apply(testCase.fileName(), testCase.original(), testCase.diff())
                    .patchedCode());
          } catch (PatchRejected refused) {
            return Optional.empty();
          }
        });
    tools.put("`git apply`", gitApply());
    tools.put("`git apply --recount`", gitApply("--recount"));
    tools.put(
        "`git apply --recount --ignore-whitespace`", gitApply("--recount", "--ignore-whitespace"));
    tools.put(
        "`git apply --recount --ignore-whitespace -C1`",
        gitApply("--recount", "--ignore-whitespace", "-C1"));
    tools.put("`patch` (GNU, default fuzz 2)", gnuPatch());
    tools.put("`patch -l` (GNU, ignore whitespace)", gnuPatch("-l"));
    tools.put("java-diff-utils 4.18 `applyTo`", javaDiffUtils(false));
    tools.put("java-diff-utils 4.18 `applyFuzzy` (fuzz 2)", javaDiffUtils(true));
    tools.put("JGit 7.5 `ApplyCommand`", jgit(true));
    tools.put("JGit 7.5 `Patch` + `PatchApplier` (format warnings ignored)", jgit(false));
    return tools;
  }

  private static Tool gitApply(String... options) {
    return (testCase, directory) -> {
      List<String> command =
          new ArrayList<>(List.of("git", "apply", "--whitespace=nowarn", strip(testCase.diff())));
      command.addAll(List.of(options));
      command.add(DIFF_NAME);
      return exitedCleanly(command, directory)
          ? Optional.of(read(directory.resolve(testCase.fileName())))
          : Optional.empty();
    };
  }

  /**
   * What a user passes to git apply after a look at the headers: -p1 for a/ b/ prefixes, else -p0.
   */
  private static String strip(String diff) {
    return diff.lines()
        .filter(line -> line.startsWith("+++ "))
        .findFirst()
        .map(line -> line.startsWith("+++ b/") ? "-p1" : "-p0")
        .orElse("-p1");
  }

  private static Tool gnuPatch(String... options) {
    return (testCase, directory) -> {
      // The file is named on the command line, so headers are not needed to find it. It is patched
      // in place: with --output, GNU patch restarts from the original for each "patch" it finds
      // in the input (text between hunks splits one), and writes only the last one's result.
      List<String> command =
          new ArrayList<>(
              List.of(
                  "patch",
                  "--force",
                  "--no-backup-if-mismatch",
                  "--reject-file=-",
                  "--input=" + DIFF_NAME));
      command.addAll(List.of(options));
      command.add(testCase.fileName());
      return exitedCleanly(command, directory)
          ? Optional.of(read(directory.resolve(testCase.fileName())))
          : Optional.empty();
    };
  }

  /**
   * UnifiedDiffReader, then this file's Patch applied to the original's lines. The file's patch is
   * the deltas of every entry named for it (the same file's headers may be repeated), or of the
   * only entry whatever its name, as GNU patch takes a file named on the command line. Parse
   * errors, PatchFailedException and the library's own crashes (a NullPointerException on a diff
   * without file headers) count as refusals. Fuzz 2 is GNU patch's default.
   */
  private static Tool javaDiffUtils(boolean fuzzy) {
    DIFF_UTILS_LOG.setLevel(Level.OFF);
    return (testCase, directory) -> {
      try (InputStream diff =
          new ByteArrayInputStream(testCase.diff().getBytes(StandardCharsets.UTF_8))) {
        List<UnifiedDiffFile> files = UnifiedDiffReader.parseUnifiedDiff(diff).getFiles();
        boolean oneFile = files.stream().map(UnifiedDiffFile::getToFile).distinct().count() == 1;
        Patch<String> patch = new Patch<>();
        files.stream()
            .filter(file -> oneFile || testCase.fileName().equals(file.getToFile()))
            .flatMap(file -> file.getPatch().getDeltas().stream())
            .forEach(patch::addDelta);
        if (patch.getDeltas().isEmpty()) {
          return Optional.empty();
        }
        // The library works on lines without their ends (its reader drops CR LF and LF alike), so
        // the result is joined with the original's line end, and ends with one when the original
        // did.
        String original = testCase.original();
        List<String> lines = original.lines().toList();
        List<String> result = fuzzy ? patch.applyFuzzy(lines, 2) : patch.applyTo(lines);
        String lineEnd = original.contains("\r\n") ? "\r\n" : "\n";
        return Optional.of(
            String.join(lineEnd, result)
                + (original.endsWith("\n") && !result.isEmpty() ? lineEnd : ""));
      } catch (PatchFailedException
          | RuntimeException refused) { // UnifiedDiffParserException is a RuntimeException
        return Optional.empty();
      }
    };
  }

  /**
   * JGit in a fresh repository around the directory, the file untracked as in a user's work tree:
   * its ApplyCommand, which refuses a patch its parser found anything to remark on, even a warning
   * (a markdown fence after a hunk); or Patch.parse and PatchApplier, refusing only on parse
   * errors, as a user wanting more leniency would. Both report success, with nothing updated, for a
   * patch they find no file in (bare "@@" lines without headers), so a patch that did not update
   * this file counts as a refusal.
   */
  private static Tool jgit(boolean applyCommand) {
    return (testCase, directory) -> {
      byte[] diff = testCase.diff().getBytes(StandardCharsets.UTF_8);
      List<String> updated;
      try (Git git = Git.init().setDirectory(directory.toFile()).call()) {
        if (applyCommand) {
          updated =
              git.apply().setPatch(new ByteArrayInputStream(diff)).call().getUpdatedFiles().stream()
                  .map(File::getName)
                  .toList();
        } else {
          org.eclipse.jgit.patch.Patch patch = new org.eclipse.jgit.patch.Patch();
          patch.parse(new ByteArrayInputStream(diff));
          if (patch.getErrors().stream()
              .anyMatch(error -> error.getSeverity() == FormatError.Severity.ERROR)) {
            return Optional.empty();
          }
          org.eclipse.jgit.patch.PatchApplier.Result result =
              new org.eclipse.jgit.patch.PatchApplier(git.getRepository()).applyPatch(patch);
          updated = result.getErrors().isEmpty() ? result.getPaths() : List.of();
        }
      } catch (GitAPIException
          | IOException refused) { // IOException: a file the patch names is missing
        return Optional.empty();
      }
      // Both delete the file for a "+++ /dev/null" patch, without checking the removed lines.
      Path file = directory.resolve(testCase.fileName());
      return updated.contains(testCase.fileName())
          ? Optional.of(Files.exists(file) ? read(file) : "")
          : Optional.empty();
    };
  }

  private static Optional<String> run(Tool tool, Case testCase)
      throws IOException, InterruptedException {
    Path directory = Files.createTempDirectory("patch-corpus-");
    try {
      Files.writeString(
          directory.resolve(testCase.fileName()), testCase.original(), StandardCharsets.UTF_8);
      Files.writeString(directory.resolve(DIFF_NAME), testCase.diff(), StandardCharsets.UTF_8);
      return tool.apply(testCase, directory);
    } finally {
      try (Stream<Path> files = Files.walk(directory)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  private static boolean exitedCleanly(List<String> command, Path directory)
      throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return false;
    }
    return process.exitValue() == 0;
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  private static void printSummary(PatchCorpus corpus, Map<String, List<Outcome>> outcomes) {
    long applies = corpus.cases().stream().filter(testCase -> !testCase.expectsRefusal()).count();
    long refusals = corpus.cases().size() - applies;
    System.out.printf(
        "%d cases: %d a careful human would apply, %d they would refuse.%n%n",
        corpus.cases().size(), applies, refusals);
    System.out.println(
        "| tool | right | applied correctly (of "
            + applies
            + ") | refused correctly (of "
            + refusals
            + ") | missed (refused a good patch) | wrong result | forced (applied a patch that must be refused) |");
    System.out.println("|---|---|---|---|---|---|---|");
    for (Map.Entry<String, List<Outcome>> tool : outcomes.entrySet()) {
      Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
      tool.getValue().forEach(outcome -> counts.merge(outcome, 1, Integer::sum));
      long right = tool.getValue().stream().filter(Outcome::right).count();
      System.out.printf(
          "| %s | %d (%.0f%%) | %d | %d | %d | %d | %d |%n",
          tool.getKey(),
          right,
          100.0 * right / corpus.cases().size(),
          counts.getOrDefault(Outcome.APPLIED_CORRECTLY, 0),
          counts.getOrDefault(Outcome.REFUSED_CORRECTLY, 0),
          counts.getOrDefault(Outcome.MISSED, 0),
          counts.getOrDefault(Outcome.WRONG_RESULT, 0),
          counts.getOrDefault(Outcome.FORCED, 0));
    }
  }

  private static void printCases(PatchCorpus corpus, Map<String, List<Outcome>> outcomes) {
    System.out.println();
    System.out.println(
        "Per case: A applied correctly, R refused correctly, m missed, W wrong result, F forced.");
    System.out.println();
    List<String> names = new ArrayList<>(outcomes.keySet());
    StringBuilder header = new StringBuilder("| case | expected |");
    StringBuilder rule = new StringBuilder("|---|---|");
    for (int index = 0; index < names.size(); index++) {
      header.append(' ').append(index + 1).append(" |");
      rule.append("---|");
    }
    System.out.println(header);
    System.out.println(rule);
    for (int row = 0; row < corpus.cases().size(); row++) {
      Case testCase = corpus.cases().get(row);
      StringBuilder line =
          new StringBuilder(
              "| "
                  + testCase.name()
                  + " | "
                  + (testCase.expectsRefusal() ? "refuse" : "apply")
                  + " |");
      for (String name : names) {
        line.append(' ').append(code(outcomes.get(name).get(row))).append(" |");
      }
      System.out.println(line);
    }
    System.out.println();
    for (int index = 0; index < names.size(); index++) {
      System.out.println((index + 1) + ". " + names.get(index));
    }
  }

  private static String code(Outcome outcome) {
    return switch (outcome) {
      case APPLIED_CORRECTLY -> "A";
      case REFUSED_CORRECTLY -> "R";
      case MISSED -> "m";
      case WRONG_RESULT -> "**W**";
      case FORCED -> "**F**";
    };
  }
}
