package dev.vibegrapher.client;

import dev.vibegrapher.client.problem.Problem;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A call the server refused, with its RFC 9457 problem: the standard members, and the extension
 * members some problems carry (run_id of the run that keeps a session busy, errors of invalid
 * fields, limit of a cap...). Thrown by every interface of the client for a status of 400 or more.
 */
public class ProblemException extends RuntimeException {

  private static final Set<String> STANDARD =
      Set.of("type", "title", "status", "detail", "instance");

  private final JsonObject problem;

  public ProblemException(JsonObject problem) {
    super(message(problem), null, false, false);
    this.problem = problem;
  }

  /**
   * The problem of an answer: its body when that is a JSON object, else a problem made of the
   * status and whatever text came (a proxy's error page, say).
   */
  public static ProblemException of(int status, String reason, String body) {
    String text = body == null ? "" : body.strip();
    if (text.startsWith("{")) {
      try (var reader = Json.createReader(new StringReader(text))) {
        JsonObject json = reader.readObject();
        if (!(json.get("status") instanceof JsonNumber)) {
          json = Json.createObjectBuilder(json).add("status", status).build();
        }
        return new ProblemException(json);
      } catch (JsonException | ClassCastException notJson) {
        // Not a problem document after all: described below.
      }
    }
    return new ProblemException(
        Json.createObjectBuilder()
            .add("type", "about:blank")
            .add("title", reason == null ? "" : reason)
            .add("status", status)
            .add("detail", text)
            .build());
  }

  /** A URI naming the kind of problem; {@code about:blank} when the status says it all. */
  public String type() {
    return problem.getString("type", "about:blank");
  }

  /**
   * The server's own name for the problem (the end of {@code urn:vibegrapher:problem:NAME}, e.g.
   * session-busy), or empty for the problems only the status describes.
   */
  public String kind() {
    String type = type();
    return type.startsWith(Problem.TYPE_PREFIX) ? type.substring(Problem.TYPE_PREFIX.length()) : "";
  }

  public String title() {
    return problem.getString("title", "");
  }

  public int status() {
    return problem.getInt("status", 0);
  }

  public String detail() {
    return problem.getString("detail", "");
  }

  /** The URI of this occurrence, when the problem names one. */
  public Optional<String> instance() {
    return string("instance");
  }

  /** The members beyond the standard five, by their names on the wire (e.g. run_id). */
  public Map<String, JsonValue> extensions() {
    Map<String, JsonValue> extensions = new LinkedHashMap<>();
    problem.forEach(
        (name, value) -> {
          if (!STANDARD.contains(name)) {
            extensions.put(name, value);
          }
        });
    return extensions;
  }

  /** An extension member that is a string, e.g. {@code string("run_id")}. */
  public Optional<String> string(String member) {
    JsonValue value = problem.get(member);
    return value instanceof JsonString text ? Optional.of(text.getString()) : Optional.empty();
  }

  /**
   * The invalid fields of a request body, by their names on the wire (empty for other problems).
   */
  public List<Problem.FieldError> errors() {
    if (!(problem.get("errors") instanceof jakarta.json.JsonArray errors)) {
      return List.of();
    }
    return errors.stream()
        .filter(JsonObject.class::isInstance)
        .map(JsonObject.class::cast)
        .map(e -> new Problem.FieldError(e.getString("field", ""), e.getString("message", "")))
        .toList();
  }

  /** The problem document as it came. */
  public JsonObject json() {
    return problem;
  }

  private static String message(JsonObject problem) {
    return problem.getInt("status", 0)
        + " "
        + problem.getString("title", "")
        + ": "
        + problem.getString("detail", "");
  }
}
