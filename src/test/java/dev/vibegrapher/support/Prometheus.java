package dev.vibegrapher.support;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape of /metrics in the Prometheus text format, read the way a Prometheus server reads it.
 */
public record Prometheus(List<Sample> samples) {

  private static final Pattern LINE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)$");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  public record Sample(String name, Map<String, String> labels, double value) {}

  /**
   * Scrapes each scope on its own, as docs/operations.md advises: Payara's unscoped /metrics
   * repeats every base and vendor sample once an application metric exists.
   */
  public static Prometheus scrape(Api api) {
    StringBuilder text = new StringBuilder();
    for (String scope : new String[] {"base", "vendor", "application"}) {
      Api.Reply reply = api.get("/metrics?scope=" + scope);
      if (reply.status() != 200 || !reply.contentType().startsWith("text/plain")) {
        throw new IllegalStateException(
            "GET /metrics?scope="
                + scope
                + " answered "
                + reply.status()
                + " "
                + reply.contentType());
      }
      text.append(reply.body()).append('\n');
    }
    return parse(text.toString());
  }

  public static Prometheus parse(String text) {
    List<Sample> samples = new ArrayList<>();
    Set<String> series = new HashSet<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher sample = LINE.matcher(line.strip());
      if (!sample.matches()) {
        throw new IllegalArgumentException("Not a Prometheus sample: " + line);
      }
      Map<String, String> labels = new java.util.HashMap<>();
      if (sample.group(2) != null) {
        Matcher label = LABEL.matcher(sample.group(2));
        while (label.find()) {
          labels.put(label.group(1), label.group(2));
        }
      }
      Sample parsed =
          new Sample(sample.group(1), Map.copyOf(labels), Double.parseDouble(sample.group(3)));
      if (!series.add(parsed.name() + parsed.labels())) {
        throw new IllegalArgumentException(
            "The same series twice, which Prometheus refuses: " + line);
      }
      samples.add(parsed);
    }
    return new Prometheus(List.copyOf(samples));
  }

  /**
   * The sum of the samples of this name carrying these labels (and any others). Fails when there is
   * none: a misspelled name or label, or a series that was never registered, must not read as 0.
   */
  public double value(String name, Map<String, String> labels) {
    return find(name, labels).orElseThrow(() -> new AssertionError(absent(name, labels)));
  }

  public double value(String name) {
    return value(name, Map.of());
  }

  /**
   * The sum as {@link #value}, or empty when no sample matches: for a series docs/operations.md
   * says is registered only at its first event, which an earlier scrape may not hold yet.
   */
  public OptionalDouble find(String name, Map<String, String> labels) {
    List<Sample> found = matching(name, labels);
    return found.isEmpty()
        ? OptionalDouble.empty()
        : OptionalDouble.of(found.stream().mapToDouble(Sample::value).sum());
  }

  public List<Sample> matching(String name, Map<String, String> labels) {
    return samples.stream()
        .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
        .toList();
  }

  private String absent(String name, Map<String, String> labels) {
    List<Map<String, String>> sameName =
        samples.stream().filter(s -> s.name().equals(name)).map(Sample::labels).toList();
    return "No series "
        + name
        + labels
        + " in the scrape: "
        + (sameName.isEmpty() ? "no series of that name at all" : "that name has only " + sameName);
  }
}
