package dev.vibegrapher.patch.control;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a unified diff the way an LLM writes one: file headers optional, @@ numbers and counts
 * treated as hints (a bare "@@" or "@@ def name" is a header too), markdown fences and prose around
 * or between hunks ignored, blank context lines that lost their leading space accepted. What it
 * cannot read it refuses with a message the coder can act on; prose inside a hunk ("...") is such a
 * thing, since what it stands for is unknown.
 */
final class DiffParser {

  /** What the diff says, before it meets the code. */
  record ParsedDiff(List<Hunk> hunks, boolean createsFile) {}

  private static final Pattern HEADER_NUMBERS =
      Pattern.compile("^\\s*(?:-(\\d{1,9})(?:,\\d+)?)?\\s*(?:\\+\\d+(?:,\\d+)?)?");
  private static final List<String> IGNORED_HEADERS =
      List.of(
          "index ",
          "new file mode",
          "deleted file mode",
          "old mode",
          "new mode",
          "similarity index",
          "rename ",
          "Binary files",
          "*** Begin Patch",
          "*** End Patch",
          "*** End of File");
  private static final String DEV_NULL = "/dev/null";

  private final List<String> lines;
  private final boolean hasHunkHeaders;
  private final List<Hunk> hunks = new ArrayList<>();
  private final Set<String> fileNames = new LinkedHashSet<>();
  private boolean createsFile;
  private String header;
  private int hint;
  private String anchor;
  private List<String> body;

  private DiffParser(String diff) {
    this.lines = withoutFences(diff.replace("\r\n", "\n").split("\n", -1));
    this.hasHunkHeaders = lines.stream().anyMatch(line -> line.startsWith("@@"));
  }

  static ParsedDiff parse(String diff) throws PatchRejected {
    DiffParser parser = new DiffParser(diff);
    parser.readAll();
    return new ParsedDiff(List.copyOf(parser.hunks), parser.createsFile);
  }

  private void readAll() throws PatchRejected {
    int prose = -1; // first line of prose since the last header, when it came after diff lines
    for (int index = 0; index < lines.size(); index++) {
      String line = lines.get(index);
      if (line.startsWith("@@")) {
        finishHunk();
        prose = -1;
        startHunk(line);
      } else if (readFileHeader(line, index)) {
        finishHunk();
        prose = -1;
      } else if (line.startsWith("\\")) {
        continue; // "\ No newline at end of file": the file keeps its own ending
      } else if (body != null && (line.isBlank() || startsLikeHunkLine(line))) {
        // An empty line is a blank context line whose space was trimmed, or the gap after the hunk.
        body.add(startsLikeHunkLine(line) ? line : "");
      } else if (line.isBlank()) {
        continue;
      } else if (!startsLikeHunkLine(line)) {
        // Prose ("Now the second change:") ends a hunk; it is skipped if only a header may follow
        // it.
        if (prose < 0 && (body != null || !hunks.isEmpty())) {
          prose = index;
        }
        finishHunk();
      } else if (prose >= 0) {
        throw notPartOfHunk(
            prose); // the prose sat inside a hunk: "..." or a line that lost its prefix
      } else if (!hasHunkHeaders) {
        startHunk(null); // a diff with no @@ at all: one hunk, placed by its content alone
        body.add(line);
      } else {
        throw notPartOfHunk(index);
      }
    }
    finishHunk();
    if (fileNames.size() > 1) {
      throw new PatchRejected(
          "The patch changes more than one file ("
              + String.join(", ", fileNames)
              + "); this project has one file: send a patch for that file only.");
    }
    if (hunks.isEmpty()) {
      throw new PatchRejected(
          "The patch has no hunks: send a unified diff with @@ hunks whose lines start with '+', '-' or a space.");
    }
  }

  private void startHunk(String headerLine) {
    header = headerLine == null ? "" : headerLine.trim();
    hint = Hunk.NO_LINE;
    anchor = "";
    body = new ArrayList<>();
    if (headerLine != null) {
      String rest = headerLine.replaceFirst("^@@+", "");
      Matcher numbers = HEADER_NUMBERS.matcher(rest);
      if (numbers.lookingAt()) {
        hint = numbers.group(1) == null ? Hunk.NO_LINE : Integer.parseInt(numbers.group(1));
        rest = rest.substring(numbers.end());
      }
      anchor = rest.strip().replaceFirst("^@@+", "").strip();
    }
  }

  private void finishHunk() {
    if (body == null) {
      return;
    }
    int end = body.size();
    while (end > 0 && body.get(end - 1).isEmpty()) {
      end--; // empty lines after a hunk separate it from what follows; they are not context
    }
    List<String> hunkLines =
        body.subList(0, end).stream().map(line -> line.isEmpty() ? " " : line).toList();
    if (!hunkLines.isEmpty()) {
      hunks.add(new Hunk(header, hint, anchor, hunkLines));
    }
    body = null;
  }

  /**
   * Reads a file-level line, refusing what this project cannot do; false when the line is no
   * header.
   */
  private boolean readFileHeader(String line, int index) throws PatchRejected {
    if (line.startsWith("--- ") && next(index).startsWith("+++ ")) {
      // "--- x" alone is a removed "-- x" line; with "+++ " after it, it names the file.
      String oldName = fileName(line.substring(4));
      String newName = fileName(next(index).substring(4));
      if (newName.equals(DEV_NULL)) {
        throw deletesFile();
      }
      createsFile |= oldName.equals(DEV_NULL);
      fileNames.add(newName);
      return true;
    }
    if (line.startsWith("+++ ") && index > 0 && lines.get(index - 1).startsWith("--- ")) {
      return true;
    }
    if (line.startsWith("diff --git ")) {
      String[] parts = line.split("\\s+");
      fileNames.add(fileName(parts[parts.length - 1]));
      return true;
    }
    if (line.startsWith("*** Update File: ") || line.startsWith("*** Add File: ")) {
      createsFile |= line.startsWith("*** Add File: ");
      fileNames.add(fileName(line.substring(line.indexOf(':') + 1)));
      return true;
    }
    if (line.startsWith("*** Delete File: ")) {
      throw deletesFile();
    }
    return IGNORED_HEADERS.stream().anyMatch(line::startsWith);
  }

  private PatchRejected notPartOfHunk(int index) {
    String where =
        hunks.isEmpty()
            ? "Before the first hunk, line "
            : hunks.get(hunks.size() - 1).describe(hunks.size()) + ": line ";
    String line = lines.get(index);
    return new PatchRejected(
        where
            + (index + 1)
            + " of the patch is not part of a hunk: \""
            + line
            + "\". "
            + (MismatchReport.isElision(line)
                ? "It stands for lines left out (elided context), and what it stands for is unknown: a hunk must list every line"
                    + " from its first to its last, each starting with '+', '-' or a space. Copy the lines the file has there."
                : "Every changed or context line must start with '+', '-' or a space and follow an @@ header."));
  }

  private String next(int index) {
    return index + 1 < lines.size() ? lines.get(index + 1) : "";
  }

  private static PatchRejected deletesFile() {
    return new PatchRejected(
        "The patch deletes the file; the project's one file cannot be deleted: send a diff that changes its lines instead.");
  }

  /** "a/agents.py\t2024-05-01 10:00" and "b/agents.py" are both "agents.py". */
  private static String fileName(String header) {
    String name = header.strip().split("\\s+")[0];
    return name.startsWith("a/") || name.startsWith("b/") ? name.substring(2) : name;
  }

  private static boolean startsLikeHunkLine(String line) {
    return line.startsWith(" ") || line.startsWith("+") || line.startsWith("-");
  }

  /**
   * With two or more fence lines, only what is inside the fences is the diff; the rest is prose.
   */
  private static List<String> withoutFences(String[] raw) {
    List<String> all = List.of(raw);
    long fences = all.stream().filter(DiffParser::isFence).count();
    if (fences < 2) {
      return all.stream().filter(line -> !isFence(line)).toList();
    }
    List<String> inside = new ArrayList<>();
    boolean open = false;
    for (String line : all) {
      if (isFence(line)) {
        open = !open;
      } else if (open) {
        inside.add(line);
      }
    }
    return inside;
  }

  private static boolean isFence(String line) {
    return line.startsWith("```") || line.startsWith("~~~");
  }
}
