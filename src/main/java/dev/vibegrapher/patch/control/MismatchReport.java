package dev.vibegrapher.patch.control;

import java.util.List;

/**
 * Why a hunk does not apply, worded for the coder: the place where most of its lines match (the
 * one nearest its line number among equals) and the first line there that differs.
 */
final class MismatchReport {

  private MismatchReport() {
  }

  static String explain(Hunk hunk, int number, List<String> code, int from, int offset) {
    List<String> old = hunk.oldSide();
    int bestStart = closestPlace(old, code, from, hunk.hasLineHint() ? hunk.oldStartHint() - 1 + offset : from);
    StringBuilder report = new StringBuilder(hunk.describe(number))
        .append(" does not apply: its context and removed lines (")
        .append(old.size()).append(") do not match the code anywhere");
    if (from > 0) {
      report.append(" after line ").append(from);
    }
    report.append('.');
    if (bestStart >= 0) {
      for (int i = 0; i < old.size(); i++) {
        int line = bestStart + i;
        String actual = line < code.size() ? code.get(line) : null;
        if (actual == null || !LineMatching.TRAILING_WHITESPACE.same(old.get(i), actual)) {
          report.append(" Closest place is line ").append(bestStart + 1).append(", where hunk line ").append(i + 1)
              .append(" expects \"").append(old.get(i)).append("\" but line ").append(line + 1)
              .append(actual == null ? " is past the end of the file." : " is \"" + actual + "\".");
          break;
        }
      }
    }
    report.append(" Re-read the current code and send the hunk again with context copied exactly.");
    return report.toString();
  }

  /** Where most of the hunk's lines match, nearest the expected line among equals; -1 when no line does. */
  private static int closestPlace(List<String> old, List<String> code, int from, int expected) {
    int bestStart = -1;
    int bestCount = 0;
    for (int start = from; start < code.size(); start++) {
      int count = 0;
      for (int i = 0; i < old.size() && start + i < code.size(); i++) {
        if (LineMatching.TRAILING_WHITESPACE.same(old.get(i), code.get(start + i))) {
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
