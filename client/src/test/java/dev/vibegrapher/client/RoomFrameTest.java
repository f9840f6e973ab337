package dev.vibegrapher.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.vibegrapher.client.identity.Person;
import dev.vibegrapher.client.review.DiffView;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RoomFrameTest {

  @Test
  void aProjectEventIsNumberedAndItsDataReadsAsTheWiresRecords() {
    RoomFrame frame =
        RoomFrame.parse(
            "{\"type\":\"diff_updated\",\"project_id\":\"p1\",\"seq\":7,"
                + "\"created_at\":\"2026-01-02T03:04:05Z\",\"data\":{\"session_id\":\"s1\","
                + "\"diff\":{\"id\":\"d1\",\"status\":\"committed\",\"committed_sha\":\"abc\"},"
                + "\"actor\":{\"name\":\"Rita Reviewer\",\"email\":\"rita@example.com\"}}}");
    RoomFrame.Event event = (RoomFrame.Event) frame;
    assertEquals("diff_updated", event.type());
    assertEquals("p1", event.projectId());
    assertEquals(7, event.seq());
    assertEquals(Instant.parse("2026-01-02T03:04:05Z"), event.createdAt());
    assertEquals("s1", event.text("session_id"));
    DiffView diff = event.data("diff", DiffView.class);
    assertEquals("d1", diff.id());
    assertEquals("committed", diff.status());
    assertEquals("abc", diff.committedSha());
    assertEquals(
        new Person("Rita Reviewer", "rita@example.com"), event.data("actor", Person.class));
    assertNull(event.data("missing", DiffView.class));
  }

  @Test
  void theProtocolsOwnFramesHaveTypesOfTheirOwn() {
    assertEquals(
        new RoomFrame.Subscribed("p1", 12, 3, 1),
        RoomFrame.parse(
            "{\"type\":\"subscribed\",\"project_id\":\"p1\","
                + "\"data\":{\"last_seq\":12,\"replayed\":3,\"first_available_seq\":1}}"));
    assertEquals(
        new RoomFrame.Heartbeat(Instant.parse("2026-01-02T03:04:05Z"), "alive", 4),
        RoomFrame.parse(
            "{\"type\":\"heartbeat\",\"data\":{\"server_time\":\"2026-01-02T03:04:05Z\","
                + "\"status\":\"alive\",\"connections\":4}}"));
    assertEquals(new RoomFrame.Pong(), RoomFrame.parse("{\"type\":\"pong\"}"));
    assertEquals(
        new RoomFrame.Unsubscribed("p1"),
        RoomFrame.parse("{\"type\":\"unsubscribed\",\"project_id\":\"p1\"}"));
    assertEquals(
        new RoomFrame.Error("p1", "Already subscribed"),
        RoomFrame.parse(
            "{\"type\":\"error\",\"project_id\":\"p1\",\"data\":{\"detail\":\"Already subscribed\"}}"));
    assertEquals(
        new RoomFrame.Error(null, "Not JSON"),
        RoomFrame.parse("{\"type\":\"error\",\"data\":{\"detail\":\"Not JSON\"}}"));
    assertEquals("welcome", RoomFrame.parse("{\"type\":\"welcome\"}").type());
  }

  @Test
  void theRoomIsAtTheServersRoot() {
    assertEquals(
        "ws://localhost:8080/ws",
        ProjectRoom.webSocketUri(java.net.URI.create("http://localhost:8080/")).toString());
    assertEquals(
        "wss://vibes.example.com/ws",
        ProjectRoom.webSocketUri(java.net.URI.create("https://vibes.example.com")).toString());
  }
}
