package dev.vibegrapher.ops;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The repository's Dockerfile read the way Docker reads it: comments dropped, continued lines
 * joined, one instruction per entry, grouped into stages by FROM. Enough to check the image's
 * settings and to start the jar the way the image does, without a Docker engine.
 */
public record DockerfileModel(List<Stage> stages) {

  public static final Path PATH = Path.of("Dockerfile");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ENV_PAIR =
      Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|\\S*)");

  public record Instruction(String keyword, String arguments) {}

  public record Stage(String from, String name, List<Instruction> instructions) {

    public List<String> all(String keyword) {
      return instructions.stream()
          .filter(i -> i.keyword().equals(keyword))
          .map(Instruction::arguments)
          .toList();
    }

    /** The last instruction of this kind: the one in force. */
    public Optional<String> last(String keyword) {
      List<String> all = all(keyword);
      return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** ENV as a map, in order (both the KEY=value and the legacy KEY value forms). */
    public Map<String, String> env() {
      Map<String, String> env = new LinkedHashMap<>();
      for (String arguments : all("ENV")) {
        if (!arguments.contains("=")) {
          String[] legacy = arguments.split("\\s+", 2);
          env.put(legacy[0], legacy.length > 1 ? legacy[1] : "");
          continue;
        }
        Matcher pair = ENV_PAIR.matcher(arguments);
        while (pair.find()) {
          env.put(pair.group(1), pair.group(2).replaceAll("^\"|\"$", ""));
        }
      }
      return env;
    }

    /** An instruction given in exec (JSON array) form; fails if it is in shell form. */
    public List<String> execForm(String keyword) {
      String arguments =
          last(keyword)
              .orElseThrow(() -> new AssertionError("no " + keyword + " in the final stage"));
      if (!arguments.startsWith("[")) {
        throw new AssertionError(
            keyword + " is in shell form; the exec form lets SIGTERM reach java: " + arguments);
      }
      try {
        return JSON.readValue(arguments, new TypeReference<List<String>>() {});
      } catch (IOException e) {
        throw new AssertionError(keyword + " is not a JSON array: " + arguments, e);
      }
    }
  }

  public static DockerfileModel read() {
    try {
      return parse(Files.readString(PATH));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static DockerfileModel parse(String text) {
    List<Stage> stages = new ArrayList<>();
    List<Instruction> current = null;
    for (String logical : logicalLines(text)) {
      String[] parts = logical.split("\\s+", 2);
      Instruction instruction =
          new Instruction(
              parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1].strip() : "");
      if (instruction.keyword().equals("FROM")) {
        String[] from = instruction.arguments().split("\\s+");
        current = new ArrayList<>();
        stages.add(
            new Stage(
                from[0],
                from.length >= 3 && from[1].equalsIgnoreCase("AS") ? from[2] : null,
                current));
      }
      if (current == null) {
        if (!instruction.keyword().equals("ARG")) {
          throw new AssertionError("Only ARG may come before the first FROM: " + logical);
        }
        continue;
      }
      current.add(instruction);
    }
    return new DockerfileModel(List.copyOf(stages));
  }

  public Stage finalStage() {
    return stages.get(stages.size() - 1);
  }

  // Comment lines go even inside a continued instruction, as Docker does; a trailing backslash
  // continues.
  private static List<String> logicalLines(String text) {
    List<String> lines = new ArrayList<>();
    StringBuilder pending = new StringBuilder();
    for (String raw : text.split("\n")) {
      String line = raw.strip();
      if (line.startsWith("#") || (line.isEmpty() && pending.length() == 0)) {
        continue;
      }
      if (line.endsWith("\\")) {
        pending.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      pending.append(line);
      if (!pending.toString().isBlank()) {
        lines.add(pending.toString().strip());
      }
      pending.setLength(0);
    }
    return lines;
  }
}
