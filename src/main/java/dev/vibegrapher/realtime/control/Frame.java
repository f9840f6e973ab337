package dev.vibegrapher.realtime.control;

import dev.vibegrapher.platform.control.WireFormat;
import dev.vibegrapher.realtime.entity.LoggedEvent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One message to a client, serialized once however many clients get it. {@code seq} is 0 for frames
 * outside the event log (subscribed, pong, heartbeat, error).
 */
public record Frame(long seq, String type, String json) {

  /**
   * A logged event's frame. The envelope is written here around the stored data text, so the data
   * is never parsed again; ids are UUIDs and types come from the enum, so nothing needs escaping.
   */
  public static Frame of(LoggedEvent event) {
    String json =
        "{\"type\":\""
            + event.type()
            + "\",\"project_id\":\""
            + event.projectId()
            + "\",\"seq\":"
            + event.seq()
            + ",\"created_at\":\""
            + event.createdAt()
            + "\",\"data\":"
            + event.data()
            + "}";
    return new Frame(event.seq(), event.type(), json);
  }

  /** A protocol frame outside the log: {"type":..., "project_id"?:..., "data"?:...}. */
  public static Frame control(String type, String projectId, Object data) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", type);
    if (projectId != null) {
      body.put("project_id", projectId);
    }
    if (data != null) {
      body.put("data", data);
    }
    return new Frame(0, type, WireFormat.JSONB.toJson(body));
  }

  public static Frame error(String detail) {
    return error(null, detail);
  }

  /** An error about one project's subscription, naming the project. */
  public static Frame error(String projectId, String detail) {
    return control("error", projectId, Map.of("detail", detail));
  }

  /**
   * What the frame counts against a connection's byte budget: its text's length, which is its size
   * on the wire for the ASCII that nearly every frame is, and close to what it holds in memory.
   */
  public int size() {
    return json.length();
  }
}
