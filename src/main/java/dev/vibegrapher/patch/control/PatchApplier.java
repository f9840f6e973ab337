package dev.vibegrapher.patch.control;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import dev.vibegrapher.patch.control.HunkLocator.Placement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Applies an LLM-written unified diff to one file. Each hunk is placed where its context and
 * removed lines match the code (see {@link HunkLocator}); a hunk matches exactly, or apart from
 * trailing whitespace, or not at all: a hunk whose context does not match is never forced in, and
 * one that matches in several places is not guessed. The result comes with the change re-written as
 * a proper unified diff (java-diff-utils). Two forms are read for what they clearly mean: hunks
 * sent out of file order (see {@link HunkOrder}) and context re-typed with other indentation than
 * the file's (see {@link Reindentation}).
 */
public final class PatchApplier {

  private static final int CONTEXT_LINES = 3;

  /**
   * Marks a last line that has no line break after it, so the differ sees it as a different line.
   */
  private static final String NO_FINAL_NEWLINE = "\u0000";

  private PatchApplier() {}

  /** The patched code and the change as a clean unified diff with a/ and b/ headers. */
  public record AppliedPatch(String patchedCode, String normalizedDiff) {}

  public static AppliedPatch apply(String fileName, String originalCode, String diff)
      throws PatchRejected {
    if (diff == null || diff.isBlank()) {
      throw new PatchRejected("The patch is empty.");
    }
    DiffParser.ParsedDiff parsed = DiffParser.parse(diff);
    List<Hunk> hunks = parsed.hunks();
    if (hunks.stream().noneMatch(Hunk::changesSomething)) {
      throw new PatchRejected(
          "The patch changes nothing: "
              + (hunks.size() == 1
                  ? hunks.get(0).describe(1) + " has"
                  : "its " + hunks.size() + " hunks have")
              + " only context lines, no '+' or '-' lines. Mark the lines to remove with '-' and"
              + " the lines to add with '+'.");
    }
    SourceText original = SourceText.of(originalCode);
    List<String> code = original.lines();
    if (parsed.createsFile() && !code.isEmpty()) {
      throw new PatchRejected(
          "The patch creates the file from nothing (--- /dev/null), but the file already has "
              + code.size()
              + " lines: send a diff against the current code.");
    }
    // Read only when a hunk needs it (its context matched nowhere as written): most patches never
    // do.
    Supplier<Indentation> indentation =
        new Supplier<>() {
          private Indentation read;

          @Override
          public Indentation get() {
            if (read == null) {
              read = Indentation.of(code);
            }
            return read;
          }
        };
    List<Placement> placements;
    try {
      placements = inDiffOrder(hunks, code, indentation);
    } catch (HunkLocator.OutOfOrder outOfOrder) {
      placements = HunkOrder.inFileOrder(hunks, code, indentation, outOfOrder);
    }
    List<String> result = write(code, placements);
    if (result.equals(code)) {
      throw new PatchRejected(noChange(placements));
    }
    return new AppliedPatch(
        original.rejoin(result), exactDiff(fileName, original, original.withLines(result)));
  }

  /** Each hunk after the one before it, as a diff is meant to be read. */
  private static List<Placement> inDiffOrder(
      List<Hunk> hunks, List<String> code, Supplier<Indentation> indentation) throws PatchRejected {
    List<Placement> placements = new ArrayList<>();
    int earliestChange = 0; // code lines before this index were changed or passed by earlier hunks
    int offset = 0;
    for (int index = 0; index < hunks.size(); index++) {
      Placement placement =
          HunkLocator.locate(
              hunks.get(index), index + 1, code, indentation, earliestChange, offset);
      Hunk hunk = placement.hunk();
      placements.add(placement);
      earliestChange =
          placement.at()
              + hunk.leadingContext()
              + (int) hunk.changedPart().stream().filter(line -> !line.startsWith("+")).count();
      if (hunk.hasLineHint()) {
        offset = placement.at() - (hunk.oldStartHint() - 1);
      }
    }
    return placements;
  }

  /** The code with the placed hunks applied; placements in file order, changes not overlapping. */
  private static List<String> write(List<String> code, List<Placement> placements) {
    List<String> result = new ArrayList<>();
    int copied = 0; // code lines before this index are in the result already
    for (Placement placement : placements) {
      Hunk hunk = placement.hunk();
      // Only the changed part is written: context may overlap the previous hunk's trailing context.
      int cursor = placement.at() + hunk.leadingContext();
      result.addAll(code.subList(copied, cursor));
      for (String line : hunk.changedPart()) {
        if (line.startsWith("+")) {
          result.add(line.substring(1));
        } else {
          if (line.startsWith(" ")) {
            result.add(code.get(cursor)); // keep the file's own whitespace
          }
          cursor++;
        }
      }
      copied = cursor;
    }
    result.addAll(code.subList(copied, code.size()));
    return result;
  }

  /** Why applying changed nothing: each hunk adds back what it removes. */
  private static String noChange(List<Placement> placements) {
    Placement first = placements.get(0);
    return "The patch leaves the code exactly as it was: "
        + first.hunk().describe(first.number())
        + " removes lines at line "
        + (first.at() + 1)
        + " and adds the same lines back"
        + (placements.size() > 1 ? ", and so does every other hunk" : "")
        + ". Put the new text on the '+' lines and the current text on the '-' lines.";
  }

  /** The difference between two versions of a file as a unified diff with a/ and b/ headers. */
  public static String normalizedDiff(String fileName, List<String> before, List<String> after) {
    List<String> lines =
        UnifiedDiffUtils.generateUnifiedDiff(
            "a/" + fileName, "b/" + fileName, before, DiffUtils.diff(before, after), CONTEXT_LINES);
    return String.join("\n", lines) + "\n";
  }

  /**
   * Like the line-list form, but byte-exact as git writes it, so {@code git apply} takes it: CR of
   * CRLF files kept in the lines, and "\ No newline at end of file" where a version lacks one.
   */
  public static String normalizedDiff(String fileName, String before, String after) {
    return exactDiff(fileName, SourceText.of(before), SourceText.of(after));
  }

  private static String exactDiff(String fileName, SourceText before, SourceText after) {
    StringBuilder diff = new StringBuilder();
    for (String line :
        normalizedDiff(
                fileName, before.diffLines(NO_FINAL_NEWLINE), after.diffLines(NO_FINAL_NEWLINE))
            .split("\n")) {
      if (line.endsWith(NO_FINAL_NEWLINE)) {
        diff.append(line, 0, line.length() - NO_FINAL_NEWLINE.length())
            .append("\n\\ No newline at end of file\n");
      } else {
        diff.append(line).append('\n');
      }
    }
    return diff.toString();
  }
}
