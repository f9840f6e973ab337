package dev.vibegrapher.patch.control;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * Finds where a hunk's old side sits in the code. Exact matches win over matches that differ only
 * in trailing whitespace. A hunk may share context lines with the one before it, but its changes
 * must come after that hunk's changes. When the context matches in several places, the place inside
 * the section its header names ("@@ def route(self):") wins, then the place clearly nearest the
 * header's line number if that is only a few lines off (after the shift the previous hunk showed);
 * if neither tells, the hunk is refused rather than guessed. So is a hunk whose added lines are
 * already there: it was applied before.
 */
final class HunkLocator {

  /**
   * How far off an LLM's line number may be and still choose between places the context fits
   * equally.
   */
  private static final int TRUSTED_LINE_DISTANCE = 10;

  private HunkLocator() {}

  /**
   * Where a hunk goes: its old side starts at code line {@code at}; the hunk is as the file has its
   * context.
   */
  record Placement(Hunk hunk, int number, int at) {

    /** Index of the first code line after the hunk's old side. */
    int end() {
      return at + hunk.oldSide().size();
    }
  }

  /**
   * @param earliestChange index of the first code line the hunk may change (the end of the previous
   *     hunk's changes)
   * @param offset how far the previous hunk sat from the line its header named
   */
  static Placement locate(
      Hunk hunk,
      int number,
      List<String> code,
      Supplier<Indentation> indentation,
      int earliestChange,
      int offset)
      throws PatchRejected {
    List<String> old = hunk.oldSide();
    if (old.isEmpty()) {
      return new Placement(hunk, number, insertionPoint(hunk, number, code, earliestChange));
    }
    int earliestStart = Math.max(0, earliestChange - hunk.leadingContext());
    List<Integer> tooEarly = List.of();
    for (LineMatching matching : LineMatching.values()) {
      List<Integer> found = matches(old, code, matching);
      List<Integer> allowed = found.stream().filter(start -> start >= earliestStart).toList();
      if (!allowed.isEmpty() && !namesAnEarlierPlace(hunk, found, earliestStart)) {
        int at = choose(hunk, number, code, allowed, offset);
        refuseIfAlreadyApplied(hunk, number, code, at);
        return new Placement(hunk, number, at);
      }
      if (tooEarly.isEmpty()) {
        tooEarly = found.stream().filter(start -> start < earliestStart).toList();
      }
    }
    if (tooEarly.isEmpty()) {
      Placement reindented = reindented(hunk, number, code, indentation);
      if (reindented != null && reindented.at() >= earliestStart) {
        return reindented;
      }
      tooEarly = reindented == null ? List.of() : List.of(reindented.at());
    }
    if (!tooEarly.isEmpty()) {
      throw new OutOfOrder(
          hunk.describe(number)
              + " matches the code at line "
              + (tooEarly.get(tooEarly.size() - 1) + 1)
              + ", which is not after the changes of hunk "
              + (number - 1)
              + " (they end at line "
              + earliestChange
              + ")");
    }
    throw new PatchRejected(MismatchReport.explain(hunk, number, code, earliestStart, offset));
  }

  /**
   * Where a hunk goes on its own, for hunks sent out of file order: only a place that is certain
   * without its neighbours counts, the one place its lines match, which the line number in its
   * header names exactly.
   */
  static Placement locateAlone(
      Hunk hunk, int number, List<String> code, Supplier<Indentation> indentation)
      throws PatchRejected {
    String why =
        "; the hunks are not in file order, and they are put in order only when each hunk has context,"
            + " matches exactly one place and names that place's line in its @@ header";
    if (hunk.oldSide().isEmpty()) {
      throw new PatchRejected(
          hunk.describe(number)
              + " only adds lines and has no context lines"
              + why
              + ": send the hunks in the order they appear in the file, each with a few unchanged lines around its change.");
    }
    List<Integer> found = List.of();
    Placement placed = null;
    for (LineMatching matching : LineMatching.values()) {
      found = matches(hunk.oldSide(), code, matching);
      if (!found.isEmpty()) {
        placed = new Placement(hunk, number, found.get(0));
        break;
      }
    }
    if (found.isEmpty()) {
      placed = reindented(hunk, number, code, indentation);
      if (placed == null) {
        throw new PatchRejected(MismatchReport.explain(hunk, number, code, 0, 0));
      }
      found = List.of(placed.at());
    }
    if (found.size() > 1) {
      throw new PatchRejected(
          hunk.describe(number)
              + " matches the code in "
              + found.size()
              + " places (lines "
              + humanLines(found)
              + ")"
              + why
              + ": send the hunks in the order they appear in the file, or add context lines"
              + " that occur only where the change goes.");
    }
    int at = placed.at();
    if (!hunk.hasLineHint()) {
      throw new PatchRejected(
          hunk.describe(number)
              + " matches the code only at line "
              + (at + 1)
              + " but names no line number"
              + why
              + ": send the hunks in the order they appear in the file, or give each its line, here @@ -"
              + (at + 1)
              + ".");
    }
    if (hunk.oldStartHint() - 1 != at) {
      throw new PatchRejected(
          hunk.describe(number)
              + " matches the code only at line "
              + (at + 1)
              + ", but its header says line "
              + hunk.oldStartHint()
              + why
              + ": send the hunks in the order they appear in the file, or with their right line numbers"
              + " (here @@ -"
              + (at + 1)
              + ").");
    }
    refuseIfAlreadyApplied(placed.hunk(), number, code, at);
    return placed;
  }

  /**
   * A hunk whose header names exactly a place before the previous hunk's changes, where it also
   * matches, was meant to go there: the diff is out of order, and placing it further down only
   * because it fits there too would change the wrong lines.
   */
  private static boolean namesAnEarlierPlace(Hunk hunk, List<Integer> found, int earliestStart) {
    return hunk.hasLineHint()
        && hunk.oldStartHint() - 1 < earliestStart
        && found.contains(hunk.oldStartHint() - 1);
  }

  /**
   * The one place the hunk's context matches read as levels, with its context as the file has it;
   * null when there is none.
   */
  private static Placement reindented(
      Hunk hunk, int number, List<String> code, Supplier<Indentation> indentation)
      throws PatchRejected {
    Indentation file = indentation.get();
    List<Reindentation.Match> found = Reindentation.matches(hunk, code, file);
    if (found.isEmpty()) {
      return null;
    }
    if (found.size() > 1) {
      // Placing by line number or section name is for exact context; re-typed context must be
      // unique to be trusted.
      throw new PatchRejected(
          hunk.describe(number)
              + " matches the code in "
              + found.size()
              + " places (lines "
              + humanLines(found.stream().map(Reindentation.Match::at).toList())
              + ") once its context's indentation ("
              + found.get(0).written().describe()
              + ") is read as the file's ("
              + file.describe()
              + "), and not exactly"
              + " anywhere: copy the context lines exactly as the file has them, with a few more that occur only where the change goes.");
    }
    Hunk inFile = Reindentation.inFileTerms(hunk, number, code, found.get(0), file);
    refuseIfAlreadyApplied(inFile, number, code, found.get(0).at());
    return new Placement(inFile, number, found.get(0).at());
  }

  /**
   * A hunk that matches only before the previous hunk's changes: the hunks may be out of file
   * order, or overlap.
   */
  static final class OutOfOrder extends PatchRejected {

    OutOfOrder(String message) {
      super(message);
    }
  }

  private static int insertionPoint(Hunk hunk, int number, List<String> code, int earliestChange)
      throws PatchRejected {
    int at;
    if (code.isEmpty() || hunk.oldStartHint() == 0) {
      at = 0;
    } else if (hunk.oldStartHint() == code.size()) {
      at = code.size(); // "@@ -N,0" with N the last line: append
    } else {
      // Anywhere else a bare line number is all there is to go on, and LLM line numbers are
      // guesses.
      throw new PatchRejected(
          hunk.describe(number)
              + " only adds lines and has no context lines, so there is no telling where it goes"
              + " (its header names line "
              + hunk.oldStartHint()
              + " of "
              + code.size()
              + "): include a few unchanged lines around the change (without context, lines are added only at the start of the file,"
              + " @@ -0,0, or at its end, @@ -"
              + code.size()
              + ",0).");
    }
    if (at < earliestChange) {
      throw new OutOfOrder(
          hunk.describe(number)
              + " adds lines at line "
              + (at + 1)
              + ", which is not after the changes of hunk "
              + (number - 1)
              + " (they end at line "
              + earliestChange
              + ")");
    }
    return at;
  }

  private static int choose(
      Hunk hunk, int number, List<String> code, List<Integer> candidates, int offset)
      throws PatchRejected {
    if (candidates.size() == 1) {
      return candidates.get(0);
    }
    List<Integer> inSection = inNamedSection(hunk, code, candidates);
    if (inSection.size() == 1) {
      return inSection.get(0);
    }
    List<Integer> remaining = inSection.isEmpty() ? candidates : inSection;
    String places =
        hunk.describe(number)
            + " matches the code in "
            + remaining.size()
            + " places (lines "
            + humanLines(remaining)
            + ")";
    if (!hunk.hasLineHint()) {
      throw new PatchRejected(
          places
              + " and names no line number: add context lines that occur only where the change goes.");
    }
    int expected = hunk.oldStartHint() - 1 + offset;
    List<Integer> byDistance =
        remaining.stream()
            .sorted(Comparator.comparingInt(start -> Math.abs(start - expected)))
            .toList();
    int nearest = Math.abs(byDistance.get(0) - expected);
    int second = Math.abs(byDistance.get(1) - expected);
    // A line number far from every place, or about as far from two, picks none: that would be a
    // guess.
    if (nearest <= TRUSTED_LINE_DISTANCE && second > 2 * nearest) {
      return byDistance.get(0);
    }
    throw new PatchRejected(
        places
            + " and its line number ("
            + hunk.oldStartHint()
            + ") does not clearly point at one"
            + " of them: add context lines that occur only where the change goes.");
  }

  /**
   * A hunk that only adds, sent a second time, still finds its context when that is all on one side
   * of the addition; the added lines are then already there and adding them again doubles them.
   */
  private static void refuseIfAlreadyApplied(Hunk hunk, int number, List<String> code, int at)
      throws PatchRejected {
    List<String> added = hunk.lines().stream().filter(line -> line.startsWith("+")).toList();
    boolean removes = hunk.lines().stream().anyMatch(line -> line.startsWith("-"));
    if (removes || added.stream().allMatch(line -> line.substring(1).isBlank())) {
      return;
    }
    List<String> newSide = hunk.lines().stream().map(line -> line.substring(1)).toList();
    if (at + newSide.size() <= code.size()
        && LineMatching.TRAILING_WHITESPACE.matchesAt(newSide, code, at)) {
      throw new PatchRejected(
          hunk.describe(number)
              + " seems to be applied already: the lines it adds are in the code at line "
              + (at + hunk.leadingContext() + 1)
              + ". Re-read the current code before sending another patch.");
    }
  }

  /**
   * The candidates whose first change lies in the block the header's text names, judged by
   * indentation.
   */
  private static List<Integer> inNamedSection(
      Hunk hunk, List<String> code, List<Integer> candidates) {
    String anchor = hunk.anchor();
    if (anchor.chars().noneMatch(Character::isLetter)) {
      return List.of();
    }
    List<Integer> inside = new ArrayList<>();
    for (int start : candidates) {
      if (insideSection(anchor, code, start + hunk.leadingContext())) {
        inside.add(start);
      }
    }
    return inside;
  }

  private static boolean insideSection(String anchor, List<String> code, int line) {
    int innermost = Integer.MAX_VALUE; // least indentation between the anchor line and the change
    for (int index = Math.min(line, code.size()) - 1; index >= 0 && innermost > 0; index--) {
      String text = code.get(index);
      if (text.isBlank()) {
        continue;
      }
      int indentation = text.length() - text.stripLeading().length();
      if (indentation < innermost && text.strip().startsWith(anchor)) {
        return true;
      }
      innermost = Math.min(innermost, indentation);
    }
    return false;
  }

  private static List<Integer> matches(List<String> old, List<String> code, LineMatching matching) {
    List<Integer> found = new ArrayList<>();
    for (int start = 0; start + old.size() <= code.size(); start++) {
      if (matching.matchesAt(old, code, start)) {
        found.add(start);
      }
    }
    return found;
  }

  private static String humanLines(List<Integer> starts) {
    return String.join(
            ", ", starts.stream().limit(5).map(start -> String.valueOf(start + 1)).toList())
        + (starts.size() > 5 ? ", ..." : "");
  }
}
