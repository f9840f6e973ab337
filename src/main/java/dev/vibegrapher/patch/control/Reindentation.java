package dev.vibegrapher.patch.control;

import java.util.ArrayList;
import java.util.List;

/**
 * The last chance for a hunk whose context lines the model re-typed with other indentation than the
 * file's: tabs where the file has four spaces per level, two spaces per level where it has four,
 * spaces where it has tabs. Such context still says exactly where the hunk goes when it is read as
 * levels: every context line has the file line's text at the file line's level, in one consistent
 * way of indenting. Flush-left context (every level lost) or a mix of ways is not read, and removed
 * lines must be exactly the file's, since they are what the hunk takes out.
 *
 * <p>What the hunk adds goes into the file as written, so it must be indented as the file is. An
 * added line indented the hunk's way instead (a tab in a file of spaces, "level 2" written as four
 * spaces in a file of four per level) would change the program, so it is refused, and so is one
 * that reads sensibly both ways: which was meant is a guess.
 */
final class Reindentation {

  /**
   * Where the hunk's context matches as levels, and the indentation the hunk's context was written
   * in.
   */
  record Match(int at, Indentation written) {}

  private Reindentation() {}

  static List<Match> matches(Hunk hunk, List<String> code, Indentation file) {
    if (!file.known()) {
      return List.of();
    }
    int size = hunk.oldSide().size();
    List<Match> found = new ArrayList<>();
    for (int start = 0; start + size <= code.size(); start++) {
      Indentation written = matchAt(hunk, code, start, file);
      if (written != null) {
        found.add(new Match(start, written));
      }
    }
    return found;
  }

  /**
   * The indentation the hunk's context is written in when it matches at start read as levels, else
   * null.
   */
  private static Indentation matchAt(Hunk hunk, List<String> code, int start, Indentation file) {
    boolean tabs = false;
    int unit = 0;
    int index = start;
    for (String line : hunk.lines()) {
      if (line.startsWith("+")) {
        continue;
      }
      String written = line.substring(1);
      String actual = code.get(index++);
      if (line.startsWith("-")) {
        if (!LineMatching.TRAILING_WHITESPACE.same(written, actual)) {
          return null;
        }
        continue;
      }
      if (!written.strip().equals(actual.strip())) {
        return null;
      }
      if (written.isBlank()) {
        continue;
      }
      int level = file.level(actual);
      String leading = Indentation.leading(written);
      if (level < 0 || (level == 0) != leading.isEmpty()) {
        return null; // the file line is not at a whole level, or the hunk lost (or invented) a
        // level
      }
      if (level == 0) {
        continue;
      }
      char kind = leading.charAt(0);
      if (leading.chars().anyMatch(c -> c != kind) || leading.length() % level != 0) {
        return null;
      }
      int lineUnit = leading.length() / level;
      if (unit == 0) {
        tabs = kind == '\t';
        unit = lineUnit;
      } else if (tabs != (kind == '\t') || unit != lineUnit) {
        return null; // context indented in more than one way: no consistent reading
      }
    }
    // One tab, or two or more spaces, per level is a way of indenting; one space per level is
    // whitespace that was mangled.
    if (unit == 0 || (tabs ? unit != 1 : unit < 2)) {
      return null;
    }
    Indentation written = new Indentation(tabs, unit);
    return written.equals(file) ? null : written;
  }

  /**
   * The hunk with its context lines as the file has them, once its added lines are found to be
   * indented as the file is; refused, naming the first added line that is not, otherwise.
   */
  static Hunk inFileTerms(Hunk hunk, int number, List<String> code, Match match, Indentation file)
      throws PatchRejected {
    List<String> lines = new ArrayList<>();
    List<Line> asWritten = new ArrayList<>();
    List<Line> readTheHunksWay = new ArrayList<>();
    boolean hunksWayPossible = true;
    boolean readingsDiffer = false;
    int index = match.at();
    for (int k = 0; k < hunk.lines().size(); k++) {
      String line = hunk.lines().get(k);
      String text = line.substring(1);
      if (line.startsWith("+")) {
        lines.add(line);
        if (text.isBlank()) {
          continue;
        }
        int level = file.level(text);
        if (level < 0) {
          throw notAsTheFileIndents(
              hunk,
              number,
              match,
              file,
              k,
              "its indentation is not whole levels of "
                  + file.describe()
                  + ", which is how the file indents");
        }
        int hunkLevel = match.written().level(text);
        hunksWayPossible &= hunkLevel >= 0;
        readingsDiffer |= hunkLevel != level;
        asWritten.add(new Line(k, text, level, true));
        readTheHunksWay.add(new Line(k, text, hunkLevel, true));
        continue;
      }
      String actual = code.get(index++);
      lines.add(line.startsWith(" ") ? " " + actual : line);
      if (line.startsWith(" ") && !actual.isBlank()) {
        asWritten.add(new Line(k, actual, file.level(actual), false));
        readTheHunksWay.add(new Line(k, actual, file.level(actual), false));
      }
    }
    int misfit = firstMisfit(asWritten);
    boolean hunksWayFits = hunksWayPossible && readingsDiffer && firstMisfit(readTheHunksWay) < 0;
    if (misfit >= 0) {
      Line added = asWritten.get(misfit);
      throw notAsTheFileIndents(
          hunk,
          number,
          match,
          file,
          added.hunkLine(),
          "as written it is at level "
              + added.level()
              + " of the file's indentation, which does not fit the lines around it"
              + (hunksWayFits
                  ? " (it fits when read the hunk's way, "
                      + match.written().describe()
                      + ", so it was indented the hunk's way)"
                  : ""));
    }
    if (hunksWayFits) {
      Line added =
          asWritten.stream()
              .filter(line -> line.added() && match.written().level(line.text()) != line.level())
              .findFirst()
              .orElseThrow();
      throw notAsTheFileIndents(
          hunk,
          number,
          match,
          file,
          added.hunkLine(),
          "it fits at level "
              + added.level()
              + " as the file indents, and at level "
              + match.written().level(added.text())
              + " read the hunk's way ("
              + match.written().describe()
              + "), so which level was meant is a guess");
    }
    return new Hunk(hunk.header(), hunk.oldStartHint(), hunk.anchor(), List.copyOf(lines));
  }

  /** A non-blank line of the hunk's new side with its level; hunkLine is its index in the hunk. */
  private record Line(int hunkLine, String text, int level, boolean added) {}

  /**
   * The first added line that breaks the block structure around it: after a line that opens a block
   * the next is one level deeper, after any other line it is at most as deep; -1 when none.
   */
  private static int firstMisfit(List<Line> lines) {
    for (int i = 1; i < lines.size(); i++) {
      Line before = lines.get(i - 1);
      Line line = lines.get(i);
      if (!before.added() && !line.added()) {
        continue; // two lines of the file: however they are indented, they are the file's
      }
      boolean fits =
          Indentation.opensBlock(before.text())
              ? line.level() == before.level() + 1
              : line.level() <= before.level();
      if (!fits) {
        return line.added() ? i : i - 1;
      }
    }
    return -1;
  }

  private static PatchRejected notAsTheFileIndents(
      Hunk hunk, int number, Match match, Indentation file, int hunkLine, String why) {
    return new PatchRejected(
        hunk.describe(number)
            + " matches the code only at line "
            + (match.at() + 1)
            + " once indentation is read as levels: its context is indented with "
            + match.written().describe()
            + ", the file with "
            + file.describe()
            + ". But hunk line "
            + (hunkLine + 1)
            + " \""
            + hunk.lines().get(hunkLine)
            + "\", which it adds, is not indented as the file is (it has "
            + Indentation.spell(hunk.lines().get(hunkLine).substring(1))
            + "): "
            + why
            + ". Lines the hunk adds go into the file as written:"
            + " indent them as the file is ("
            + file.describe()
            + "), and copy the context lines exactly.");
  }
}
