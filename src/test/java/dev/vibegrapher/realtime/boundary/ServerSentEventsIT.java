package dev.vibegrapher.realtime.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vibegrapher.client.EventsApi;
import dev.vibegrapher.client.ProblemException;
import dev.vibegrapher.client.realtime.PublishEventRequest;
import dev.vibegrapher.support.AcrossDatabases;
import dev.vibegrapher.support.Api;
import dev.vibegrapher.support.Flavor;
import dev.vibegrapher.support.RunningApp;
import dev.vibegrapher.support.SharedApps;
import dev.vibegrapher.support.SseClient;
import dev.vibegrapher.support.WsClient;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

class ServerSentEventsIT {

  @AcrossDatabases
  void sseMirrorsTheWebSocketAndReplaysFromLastEventId(Flavor flavor) {
    RunningApp app = SharedApps.of(flavor);
    Api api = app.api();
    EventsApi events = api.client().events();
    String project = RealtimeIT.newProject(api);
    try (SseClient sse = SseClient.open(app, "/api/projects/" + project + "/events", null);
        WsClient ws = WsClient.connect(app)) {
      assertEquals(200, sse.status());
      ws.subscribe(project);
      ws.nextOfType("subscribed");
      sse.next("subscribed");
      for (int n = 1; n <= 3; n++) {
        RealtimeIT.publish(events, project, n);
      }
      for (int n = 1; n <= 3; n++) {
        SseClient.Event event = sse.next("conversation_message");
        assertEquals(String.valueOf(n), event.id());
        assertEquals(
            ws.events(1, Duration.ofSeconds(10)).get(0),
            event.data(),
            "the same frame as on the WebSocket");
      }
    }
    RealtimeIT.publish(events, project, 4);
    try (SseClient resumed = SseClient.open(app, "/api/projects/" + project + "/events", "2")) {
      assertEquals(2, resumed.next("subscribed").data().get("data").get("replayed").asInt());
      assertEquals("3", resumed.next("conversation_message").id());
      assertEquals("4", resumed.next("conversation_message").id());
      RealtimeIT.publish(events, project, 5);
      assertEquals("5", resumed.next("conversation_message").id());
    }
  }

  @AcrossDatabases
  void unknownProjectsAndBadLastEventIdsAreProblems(Flavor flavor) {
    Api api = SharedApps.api(flavor);
    // Raw: the stream is asked for as text/event-stream, and the refusal's content type is checked.
    Api.Reply unknown =
        api.get(
            "/api/projects/" + UUID.randomUUID() + "/events",
            Map.of("Accept", "text/event-stream"));
    assertEquals(404, unknown.status());
    assertTrue(unknown.contentType().startsWith("application/problem+json"), unknown.contentType());
    String project = RealtimeIT.newProject(api);
    Api.Reply bad =
        api.get(
            "/api/projects/" + project + "/events",
            Map.of("Accept", "text/event-stream", "Last-Event-ID", "yesterday"));
    assertEquals(400, bad.status());
    ProblemException madeUp =
        assertThrows(
            ProblemException.class,
            () ->
                api.client()
                    .events()
                    .publish(project, new PublishEventRequest("made_up", Map.of())));
    assertEquals(400, madeUp.status());
  }
}
