package dev.vibegrapher.patch.control;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies an LLM-written unified diff to one file. Each hunk is placed where its context and
 * removed lines match the code (see {@link HunkLocator}); a hunk matches exactly, or apart from
 * trailing whitespace, or not at all: a hunk whose context does not match is never forced in, and
 * one that matches in several places is not guessed. The result comes with the change re-written
 * as a proper unified diff (java-diff-utils).
 */
public final class PatchApplier {

  private static final int CONTEXT_LINES = 3;
  /** Marks a last line that has no line break after it, so the differ sees it as a different line. */
  private static final String NO_FINAL_NEWLINE = "\u0000";

  private PatchApplier() {
  }

  /** The patched code and the change as a clean unified diff with a/ and b/ headers. */
  public record AppliedPatch(String patchedCode, String normalizedDiff) {
  }

  public static AppliedPatch apply(String fileName, String originalCode, String diff) throws PatchRejected {
    if (diff == null || diff.isBlank()) {
      throw new PatchRejected("The patch is empty.");
    }
    DiffParser.ParsedDiff parsed = DiffParser.parse(diff);
    List<Hunk> hunks = parsed.hunks();
    if (hunks.stream().noneMatch(Hunk::changesSomething)) {
      throw new PatchRejected("The patch changes nothing: it has no '+' or '-' lines.");
    }
    SourceText original = SourceText.of(originalCode);
    List<String> code = original.lines();
    if (parsed.createsFile() && !code.isEmpty()) {
      throw new PatchRejected("The patch creates the file from nothing (--- /dev/null), but the file already has " + code.size()
          + " lines: send a diff against the current code.");
    }
    List<String> result = new ArrayList<>();
    int copied = 0; // code lines before this index are in the result already
    int offset = 0;
    for (int index = 0; index < hunks.size(); index++) {
      Hunk hunk = hunks.get(index);
      int at = HunkLocator.locate(hunk, index + 1, code, copied, offset);
      // Only the changed part is written: context may overlap the previous hunk's trailing context.
      int cursor = at + hunk.leadingContext();
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
      if (hunk.hasLineHint()) {
        offset = at - (hunk.oldStartHint() - 1);
      }
      copied = cursor;
    }
    result.addAll(code.subList(copied, code.size()));
    if (result.equals(code)) {
      throw new PatchRejected("The patch leaves the code exactly as it was.");
    }
    return new AppliedPatch(original.rejoin(result), exactDiff(fileName, original, original.withLines(result)));
  }

  /** The difference between two versions of a file as a unified diff with a/ and b/ headers. */
  public static String normalizedDiff(String fileName, List<String> before, List<String> after) {
    List<String> lines = UnifiedDiffUtils.generateUnifiedDiff(
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
    for (String line : normalizedDiff(fileName, before.diffLines(NO_FINAL_NEWLINE), after.diffLines(NO_FINAL_NEWLINE)).split("\n")) {
      if (line.endsWith(NO_FINAL_NEWLINE)) {
        diff.append(line, 0, line.length() - NO_FINAL_NEWLINE.length()).append("\n\\ No newline at end of file\n");
      } else {
        diff.append(line).append('\n');
      }
    }
    return diff.toString();
  }
}
