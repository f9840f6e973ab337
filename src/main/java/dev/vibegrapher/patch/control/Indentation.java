package dev.vibegrapher.patch.control;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A way of indenting: tabs, or so many spaces per level. Read from a file (how it indents its
 * blocks) or from a hunk's context lines (how the model re-typed them), so that a line can be
 * compared by its level rather than its characters.
 *
 * @param tabs whether a level is a tab (else it is {@code unit} spaces)
 * @param unit spaces per level; 1 for tabs
 */
record Indentation(boolean tabs, int unit) {

  /**
   * What a file whose lines are not indented, or indented with a mix of tabs and spaces, has:
   * nothing to compare levels by.
   */
  static final Indentation NONE = new Indentation(false, 0);

  boolean known() {
    return unit > 0;
  }

  /** The level of a line's leading whitespace, or -1 when it is not whole levels of this kind. */
  int level(String line) {
    String leading = leading(line);
    if (leading.isEmpty()) {
      return 0;
    }
    char kind = tabs ? '\t' : ' ';
    if (!known() || leading.chars().anyMatch(c -> c != kind) || leading.length() % unit != 0) {
      return -1;
    }
    return leading.length() / unit;
  }

  String indent(int level) {
    return (tabs ? "\t" : " ".repeat(unit)).repeat(level);
  }

  String describe() {
    return tabs ? "a tab per level" : unit + (unit == 1 ? " space" : " spaces") + " per level";
  }

  /**
   * How a file indents: by tabs when every indented line starts with a tab, by spaces when every
   * one starts with a space; the number of spaces is the step by which indentation most often grows
   * from one line to the next (aligned continuation lines do not decide it).
   */
  static Indentation of(List<String> code) {
    boolean sawTab = false;
    boolean sawSpace = false;
    Map<Integer, Integer> steps = new HashMap<>();
    int previous = 0;
    for (String line : code) {
      if (line.isBlank()) {
        continue;
      }
      String leading = leading(line);
      sawTab |= leading.startsWith("\t");
      sawSpace |= leading.startsWith(" ");
      if (leading.length() > previous) {
        steps.merge(leading.length() - previous, 1, Integer::sum);
      }
      previous = leading.length();
    }
    if (sawTab == sawSpace) {
      return NONE; // not indented, or mixed: no level to compare by
    }
    if (sawTab) {
      return new Indentation(true, 1);
    }
    int step = 0;
    for (Map.Entry<Integer, Integer> candidate : steps.entrySet()) {
      int seen = candidate.getValue();
      int best = steps.getOrDefault(step, 0);
      if (seen > best || seen == best && candidate.getKey() < step) {
        step = candidate.getKey(); // the smaller step among equally common ones
      }
    }
    return new Indentation(false, step);
  }

  /**
   * A line's leading whitespace in words ("8 spaces", "1 tab"), since quotes show tabs and spaces
   * alike.
   */
  static String spell(String line) {
    String leading = leading(line);
    long tabCount = leading.chars().filter(c -> c == '\t').count();
    long spaceCount = leading.length() - tabCount;
    if (leading.isEmpty()) {
      return "no indentation";
    }
    String tabWords = tabCount == 0 ? "" : tabCount + (tabCount == 1 ? " tab" : " tabs");
    String spaceWords =
        spaceCount == 0 ? "" : spaceCount + (spaceCount == 1 ? " space" : " spaces");
    return tabWords.isEmpty()
        ? spaceWords
        : spaceWords.isEmpty() ? tabWords : tabWords + " and " + spaceWords;
  }

  static String leading(String line) {
    int end = 0;
    while (end < line.length() && (line.charAt(end) == ' ' || line.charAt(end) == '\t')) {
      end++;
    }
    return line.substring(0, end);
  }

  /**
   * A line that opens a block: the next line is one level deeper (Python's ':', braces and brackets
   * elsewhere).
   */
  static boolean opensBlock(String line) {
    String text = line.stripTrailing();
    return text.endsWith(":") || text.endsWith("{") || text.endsWith("[") || text.endsWith("(");
  }
}
