package dev.vibegrapher.client;

import dev.vibegrapher.client.json.WireJsonb;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Instant;

/**
 * One frame the server sent to a {@link ProjectRoom}, by its type (docs/realtime.md): a project
 * event, or one of the protocol's own frames.
 */
public sealed interface RoomFrame {

  /** The frame's type as the wire spells it, e.g. diff_created or heartbeat. */
  String type();

  /**
   * A project event, numbered by seq within its project. Its data is read with {@link #data(Class)}
   * or {@link #data(String, Class)}: e.g. {@code data("diff", DiffView.class)} of a diff_created.
   */
  record Event(String type, String projectId, long seq, Instant createdAt, JsonObject data)
      implements RoomFrame {

    /** The whole data object as a record of the wire, e.g. MessageView for conversation_message. */
    public <T> T data(Class<T> record) {
      return WireJsonb.jsonb().fromJson(data.toString(), record);
    }

    /**
     * One member of the data as a record of the wire, e.g. {@code data("diff", DiffView.class)}.
     */
    public <T> T data(String member, Class<T> record) {
      JsonValue value = data.get(member);
      return value == null || value == JsonValue.NULL
          ? null
          : WireJsonb.jsonb().fromJson(value.toString(), record);
    }

    /** A text member of the data, e.g. run_id; null when it is absent or not text. */
    public String text(String member) {
      return data.get(member) instanceof JsonString text ? text.getString() : null;
    }
  }

  /**
   * The subscription holds: lastSeq is the project's newest event; replayed events follow when the
   * subscribe named a seq. A lastSeq + 1 below firstAvailableSeq means events were pruned.
   */
  record Subscribed(String projectId, long lastSeq, long replayed, long firstAvailableSeq)
      implements RoomFrame {
    @Override
    public String type() {
      return "subscribed";
    }
  }

  record Unsubscribed(String projectId) implements RoomFrame {
    @Override
    public String type() {
      return "unsubscribed";
    }
  }

  /** Sent to every connection every heartbeat interval; connections counts this instance's. */
  record Heartbeat(Instant serverTime, String status, long connections) implements RoomFrame {
    @Override
    public String type() {
      return "heartbeat";
    }
  }

  record Pong() implements RoomFrame {
    @Override
    public String type() {
      return "pong";
    }
  }

  /**
   * A message the server refused (malformed, unknown type or project), or a subscription it refused
   * or ended: projectId names it then, and is null otherwise. The connection stays open.
   */
  record Error(String projectId, String detail) implements RoomFrame {
    @Override
    public String type() {
      return "error";
    }
  }

  /** A frame of a type this client does not know, which a later server may send: to be ignored. */
  record Other(String type, JsonObject json) implements RoomFrame {}

  /** The frame a text message holds; also the data of each Server-Sent Event of the project. */
  static RoomFrame parse(String text) {
    JsonObject frame;
    try (var reader = Json.createReader(new StringReader(text))) {
      frame = reader.readObject();
    }
    String type = frame.getString("type", "");
    String projectId = frame.getString("project_id", null);
    JsonObject data =
        frame.get("data") instanceof JsonObject object ? object : JsonValue.EMPTY_JSON_OBJECT;
    if (frame.get("seq") instanceof JsonNumber seq) {
      return new Event(
          type, projectId, seq.longValue(), instant(frame.getString("created_at", null)), data);
    }
    return switch (type) {
      case "subscribed" ->
          new Subscribed(
              projectId,
              number(data, "last_seq"),
              number(data, "replayed"),
              number(data, "first_available_seq"));
      case "unsubscribed" -> new Unsubscribed(projectId);
      case "heartbeat" ->
          new Heartbeat(
              instant(data.getString("server_time", null)),
              data.getString("status", ""),
              number(data, "connections"));
      case "pong" -> new Pong();
      case "error" -> new Error(projectId, data.getString("detail", ""));
      default -> new Other(type, frame);
    };
  }

  private static long number(JsonObject data, String member) {
    return data.get(member) instanceof JsonNumber number ? number.longValue() : 0;
  }

  private static Instant instant(String text) {
    return text == null ? null : Instant.parse(text);
  }
}
