package dev.vibegrapher.patch.control;

import java.util.ArrayList;
import java.util.List;

/**
 * A file as lines, remembering its line separator and whether it ended with one, so a patch keeps
 * both.
 */
record SourceText(List<String> lines, String separator, boolean finalNewline) {

  static SourceText of(String text) {
    String separator = text.contains("\r\n") ? "\r\n" : "\n";
    boolean finalNewline = text.isEmpty() || text.endsWith("\n");
    String body =
        finalNewline && !text.isEmpty()
            ? text.substring(0, text.length() - (text.endsWith("\r\n") ? 2 : 1))
            : text;
    List<String> lines = text.isEmpty() ? List.of() : List.of(body.split("\r?\n", -1));
    return new SourceText(lines, separator, finalNewline);
  }

  SourceText withLines(List<String> newLines) {
    return new SourceText(List.copyOf(newLines), separator, finalNewline);
  }

  String rejoin(List<String> newLines) {
    if (newLines.isEmpty()) {
      return "";
    }
    return String.join(separator, newLines) + (finalNewline ? separator : "");
  }

  /**
   * The lines as a diff must show them: with the CR of CRLF, and the last one marked when no line
   * break follows it.
   */
  List<String> diffLines(String noFinalNewlineMark) {
    String carriageReturn = separator.equals("\r\n") ? "\r" : "";
    List<String> shown = new ArrayList<>();
    for (int index = 0; index < lines.size(); index++) {
      boolean last = index == lines.size() - 1;
      shown.add(lines.get(index) + (last && !finalNewline ? noFinalNewlineMark : carriageReturn));
    }
    return shown;
  }
}
