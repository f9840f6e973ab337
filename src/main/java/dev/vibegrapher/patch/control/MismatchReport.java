package dev.vibegrapher.patch.control;

import java.util.List;
import java.util.function.BiPredicate;
import java.util.regex.Pattern;

/**
 * Why a hunk does not apply, worded for the coder: the place where most of its lines match (the one
 * nearest its line number among equals) and the first line there that differs, with what to do
 * about it. Lines that stand for left-out code ("...", "# ... existing code ...") and lines that
 * differ only in indentation get their own words, since the fix differs.
 */
final class MismatchReport {

  /**
   * A context line that stands for code the model left out rather than being code: "...", "…", "//
   * ... rest unchanged".
   */
  private static final Pattern ELISION =
      Pattern.compile("^\\s*(?:(?:#|//|/\\*|<!--|--)\\s*)?(?:\\.\\.\\.|…).*");

  private MismatchReport() {}

  static String explain(Hunk hunk, int number, List<String> code, int from, int offset) {
    List<String> old = hunk.oldSide();
    StringBuilder report =
        new StringBuilder(hunk.describe(number))
            .append(" does not apply: its context and removed lines (")
            .append(old.size())
            .append(") do not match the code anywhere");
    if (from > 0) {
      report.append(" after line ").append(from);
    }
    report.append('.');
    int elided = elidedLine(hunk);
    if (elided >= 0) {
      return report
          .append(" Hunk line ")
          .append(elided + 1)
          .append(" \"")
          .append(hunk.lines().get(elided).substring(1))
          .append(
              "\" stands for lines left out (elided context), which cannot be matched: a hunk must list every line from its"
                  + " first to its last. Copy the lines the file has there instead of the placeholder.")
          .toString();
    }
    int applied = appliedAt(hunk, code);
    if (applied >= 0) {
      return report
          .append(" Its '+' lines and context are in the code already, at line ")
          .append(applied + 1)
          .append(
              ": the change seems to be applied already. Re-read the current code before sending another patch.")
          .toString();
    }
    int expectedStart = hunk.hasLineHint() ? hunk.oldStartHint() - 1 + offset : from;
    int bestStart =
        closestPlace(old, code, from, expectedStart, LineMatching.TRAILING_WHITESPACE::same);
    if (bestStart < 0) {
      // Lines whose text is right but indentation is not still show the place the hunk was meant
      // for.
      bestStart =
          closestPlace(
              old,
              code,
              from,
              expectedStart,
              (expected, actual) -> !expected.isBlank() && expected.strip().equals(actual.strip()));
    }
    if (bestStart < 0) {
      return report
          .append(" None of its lines occurs in the file (")
          .append(code.size())
          .append(" lines, starting \"")
          .append(code.isEmpty() ? "" : code.get(0))
          .append(
              "\"): is the hunk for another file? Re-read this file and send"
                  + " a hunk with context copied from it.")
          .toString();
    }
    int reported = reportedLine(hunk, code, bestStart);
    int codeLine =
        bestStart
            + (int)
                hunk.lines().subList(0, reported).stream()
                    .filter(line -> !line.startsWith("+"))
                    .count();
    String line = hunk.lines().get(reported);
    String expected = line.substring(1);
    String actual = codeLine < code.size() ? code.get(codeLine) : null;
    report
        .append(" Closest place is line ")
        .append(bestStart + 1)
        .append(", where hunk line ")
        .append(reported + 1)
        .append(line.startsWith("-") ? " (removed)" : " (context)")
        .append(" expects \"")
        .append(expected)
        .append("\" but the file has ")
        .append(
            actual == null
                ? "no line " + (codeLine + 1) + " (it ends at line " + code.size() + ")"
                : "\"" + actual + "\" at line " + (codeLine + 1))
        .append('.');
    if (actual != null && expected.strip().equals(actual.strip())) {
      report
          .append(" The text is the same but the indentation is not (")
          .append(Indentation.spell(expected))
          .append(" in the hunk, ")
          .append(Indentation.spell(actual))
          .append(" in the file)")
          .append(
              line.startsWith("-")
                  ? ": a removed line must be exactly the file's."
                  : ", and the context's indentation cannot be read as the file's levels in one consistent way (a tab, or the same"
                      + " number of spaces, for every level).");
    }
    report.append(" Re-read the current code and send the hunk again with context copied exactly.");
    return report.toString();
  }

  /**
   * The hunk line to show at the closest place: the first whose text differs from the file's; when
   * only indentation differs, the first removed line that differs (those must be exact), else the
   * first context line that does.
   */
  private static int reportedLine(Hunk hunk, List<String> code, int start) {
    int firstIndentation = -1;
    int firstRemoved = -1;
    int codeLine = start;
    for (int k = 0; k < hunk.lines().size(); k++) {
      String line = hunk.lines().get(k);
      if (line.startsWith("+")) {
        continue;
      }
      String actual = codeLine < code.size() ? code.get(codeLine) : null;
      codeLine++;
      String expected = line.substring(1);
      if (actual == null || !expected.strip().equals(actual.strip())) {
        return k;
      }
      if (!LineMatching.TRAILING_WHITESPACE.same(expected, actual)) {
        firstIndentation = firstIndentation < 0 ? k : firstIndentation;
        firstRemoved = firstRemoved < 0 && line.startsWith("-") ? k : firstRemoved;
      }
    }
    return firstRemoved >= 0 ? firstRemoved : Math.max(firstIndentation, 0);
  }

  /** Whether a line of a hunk stands for code the model left out rather than being code. */
  static boolean isElision(String text) {
    return ELISION.matcher(text).matches();
  }

  /**
   * Index in the hunk of its first context or removed line that stands for left-out code, or -1.
   */
  private static int elidedLine(Hunk hunk) {
    for (int k = 0; k < hunk.lines().size(); k++) {
      String line = hunk.lines().get(k);
      if (!line.startsWith("+") && ELISION.matcher(line.substring(1)).matches()) {
        return k;
      }
    }
    return -1;
  }

  /**
   * Where the hunk's new side (context and '+' lines) already is, for a hunk that removes something
   * (one that only adds is caught when it is placed); -1 when it is nowhere.
   */
  private static int appliedAt(Hunk hunk, List<String> code) {
    if (hunk.lines().stream().noneMatch(line -> line.startsWith("-"))
        || hunk.lines().stream().noneMatch(line -> line.startsWith("+"))) {
      return -1;
    }
    List<String> newSide =
        hunk.lines().stream()
            .filter(line -> !line.startsWith("-"))
            .map(line -> line.substring(1))
            .toList();
    for (int start = 0; start + newSide.size() <= code.size(); start++) {
      if (LineMatching.TRAILING_WHITESPACE.matchesAt(newSide, code, start)) {
        return start;
      }
    }
    return -1;
  }

  /**
   * Where most of the hunk's lines match, nearest the expected line among equals; -1 when no line
   * does.
   */
  private static int closestPlace(
      List<String> old,
      List<String> code,
      int from,
      int expected,
      BiPredicate<String, String> same) {
    int bestStart = -1;
    int bestCount = 0;
    for (int start = from; start < code.size(); start++) {
      int count = 0;
      for (int i = 0; i < old.size() && start + i < code.size(); i++) {
        if (same.test(old.get(i), code.get(start + i))) {
          count++;
        }
      }
      boolean nearer = bestStart < 0 || Math.abs(start - expected) < Math.abs(bestStart - expected);
      if (count > bestCount || count == bestCount && count > 0 && nearer) {
        bestCount = count;
        bestStart = start;
      }
    }
    return bestStart;
  }
}
