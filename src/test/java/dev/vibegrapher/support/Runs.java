package dev.vibegrapher.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibegrapher.client.project.CreateProjectRequest;
import dev.vibegrapher.client.session.CreateSessionRequest;
import dev.vibegrapher.client.session.RunAccepted;
import dev.vibegrapher.client.session.SendMessageRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Driving agent runs through the public API, as a dashboard or a script does. */
public final class Runs {

  private Runs() {}

  /**
   * A new project with its global session and a WebSocket subscribed to its room: what most run
   * tests start from. Closing it closes the socket.
   */
  public record Room(RunningApp app, Api api, String projectId, String sessionId, WsClient ws)
      implements AutoCloseable {

    public static Room open(RunningApp app, String code) {
      Api api = app.api();
      String projectId = newProject(api, code);
      String sessionId = openSession(api, projectId);
      WsClient ws = WsClient.connect(app);
      ws.subscribe(projectId);
      ws.nextOfType("subscribed");
      return new Room(app, api, projectId, sessionId, ws);
    }

    @Override
    public void close() {
      ws.close();
    }
  }

  public static String newProject(Api api, String code) {
    return api.client()
        .projects()
        .create(new CreateProjectRequest("agents " + UUID.randomUUID(), "main.py", code))
        .id();
  }

  public static String openSession(Api api, String projectId) {
    return api.client()
        .sessions()
        .open(projectId, new CreateSessionRequest("global", null, null))
        .id();
  }

  /** Sends a prompt through the client; the run it started. */
  public static RunAccepted start(Api api, String sessionId, String prompt) {
    return api.client().sessions().send(sessionId, new SendMessageRequest(prompt));
  }

  /** Sends a prompt and returns the 202 body as it came over the wire. */
  public static JsonNode send(Api api, String sessionId, String prompt) {
    Api.Reply accepted =
        api.post("/api/sessions/" + sessionId + "/messages", Map.of("prompt", prompt));
    assertEquals(202, accepted.status(), accepted.body());
    return accepted.json();
  }

  /** Every event frame of the run up to and including its vibecode_completed or vibecode_error. */
  public static List<JsonNode> framesUntilEnd(WsClient client, String runId, Duration timeout) {
    List<JsonNode> frames = new ArrayList<>();
    while (true) {
      JsonNode frame = client.nextMatching(f -> f.has("seq"), timeout);
      frames.add(frame);
      String type = frame.get("type").asText();
      if ((type.equals("vibecode_completed") || type.equals("vibecode_error"))
          && runId.equals(frame.get("data").path("run_id").asText())) {
        return frames;
      }
    }
  }

  public static List<String> types(List<JsonNode> frames) {
    return frames.stream().map(frame -> frame.get("type").asText()).toList();
  }

  /** The frames' types without the streamed deltas, whose number depends on chunking. */
  public static List<String> typesWithoutDeltas(List<JsonNode> frames) {
    return types(frames).stream().filter(type -> !type.equals("conversation_delta")).toList();
  }

  public static List<JsonNode> ofType(List<JsonNode> frames, String type) {
    return frames.stream()
        .filter(frame -> frame.get("type").asText().equals(type))
        .map(frame -> frame.get("data"))
        .toList();
  }

  public static String submitPatch(String patch, String description) {
    return Api.json(Map.of("patch", patch, "description", description));
  }

  public static String verdict(boolean approved, String reasoning, String commitMessage) {
    return Api.json(
        Map.of("approved", approved, "reasoning", reasoning, "commit_message", commitMessage));
  }
}
