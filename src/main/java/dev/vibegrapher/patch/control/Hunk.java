package dev.vibegrapher.patch.control;

import java.util.List;

/**
 * One hunk as the coder wrote it. The old start line is only a hint: LLMs get @@ numbers wrong, so
 * a hunk is placed by its content.
 *
 * @param header the @@ line as written, or empty when the diff had none
 * @param oldStartHint 1-based line where the coder says the hunk starts (0 for "before the first
 *     line"), {@link #NO_LINE} when it did not say
 * @param anchor the text after the @@ numbers, e.g. "def route(self, message):", naming a line
 *     above the hunk (git writes the enclosing function there, OpenAI-style patches the section);
 *     empty when there is none
 * @param lines the hunk's body, each starting with ' ', '-' or '+'
 */
record Hunk(String header, int oldStartHint, String anchor, List<String> lines) {

  static final int NO_LINE = -1;

  boolean hasLineHint() {
    return oldStartHint != NO_LINE;
  }

  List<String> oldSide() {
    return lines.stream()
        .filter(line -> !line.startsWith("+"))
        .map(line -> line.substring(1))
        .toList();
  }

  boolean changesSomething() {
    return lines.stream().anyMatch(line -> !line.startsWith(" "));
  }

  /** Context lines before the first '+' or '-' line (all lines when nothing changes). */
  int leadingContext() {
    int count = 0;
    while (count < lines.size() && lines.get(count).startsWith(" ")) {
      count++;
    }
    return count;
  }

  /** The lines from the first change to the last, context between changes included. */
  List<String> changedPart() {
    int end = lines.size();
    while (end > 0 && lines.get(end - 1).startsWith(" ")) {
      end--;
    }
    int start = leadingContext();
    return start < end ? lines.subList(start, end) : List.of();
  }

  String describe(int number) {
    return "Hunk " + number + (header.isEmpty() ? "" : " (" + header + ")");
  }
}
