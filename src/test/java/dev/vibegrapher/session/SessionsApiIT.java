package dev.vibegrapher.session;

import static dev.vibegrapher.support.Runs.framesUntilEnd;
import static dev.vibegrapher.support.Runs.ofType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibegrapher.client.ProblemException;
import dev.vibegrapher.client.SessionsApi;
import dev.vibegrapher.client.session.CreateSessionRequest;
import dev.vibegrapher.client.session.MessageView;
import dev.vibegrapher.client.session.RunAccepted;
import dev.vibegrapher.client.session.SendMessageRequest;
import dev.vibegrapher.client.session.SessionView;
import dev.vibegrapher.support.AcrossDatabases;
import dev.vibegrapher.support.Api;
import dev.vibegrapher.support.FakeOpenAi;
import dev.vibegrapher.support.Flavor;
import dev.vibegrapher.support.Outcomes;
import dev.vibegrapher.support.RunningApp;
import dev.vibegrapher.support.Runs;
import dev.vibegrapher.support.SharedApps;
import dev.vibegrapher.support.SharedFake;
import dev.vibegrapher.support.WsClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.function.Executable;

/** Sessions and messages over HTTP against the running app. */
class SessionsApiIT {

  private static final String MESSAGE_FIRST = "message first";
  private static final String DELETE_FIRST = "delete first";

  private final FakeOpenAi fake = SharedFake.fake();

  @AcrossDatabases
  void sessionsAreOnePerKeyAndNodeSessionsAreSeparate(Flavor flavor) {
    Api api = SharedApps.api(flavor);
    SessionsApi sessions = api.client().sessions();
    String project = Runs.newProject(api, "x = 1\n");
    String slug = api.client().projects().get(project).slug();

    SessionView global = sessions.open(project, new CreateSessionRequest("global", null, null));
    assertEquals("project_" + slug, global.openaiSessionKey());
    assertEquals("global", global.sessionType());
    assertEquals(project, global.projectId());
    // Raw: 200 instead of 201 is how the answer says the session existed already.
    Api.Reply again = api.post("/api/projects/" + project + "/sessions", Map.of());
    assertEquals(200, again.status(), "the existing session, not a new one");
    assertEquals(global.id(), again.json().get("id").asText());

    SessionView node = sessions.open(project, new CreateSessionRequest("node", "triage", null));
    assertEquals("project_" + slug + "_node_triage", node.openaiSessionKey());
    assertNotEquals(global.id(), node.id());

    ProblemException missingNode =
        assertThrows(
            ProblemException.class,
            () -> sessions.open(project, new CreateSessionRequest("node", null, null)));
    assertEquals(400, missingNode.status());
    assertTrue(missingNode.detail().contains("node_id"));
    assertEquals(
        400,
        assertThrows(
                ProblemException.class,
                () -> sessions.open(project, new CreateSessionRequest("everything", null, null)))
            .status());

    assertEquals(2, sessions.ofProject(project).size());
    assertEquals(global, sessions.get(global.id()));
    assertNotFound(() -> sessions.ofProject("no-such-project"));
    assertNotFound(
        () -> sessions.open("no-such-project", new CreateSessionRequest(null, null, null)));
    assertNotFound(() -> sessions.get("no-such-session"));
    assertNotFound(() -> sessions.messages("no-such-session"));
    assertNotFound(() -> sessions.send("no-such-session", new SendMessageRequest("hi")));
    assertNotFound(() -> sessions.delete("no-such-session"));
    assertNotFound(() -> sessions.fullResponse("no-such-message"));
  }

  private static void assertNotFound(Executable call) {
    ProblemException refused = assertThrows(ProblemException.class, call);
    assertEquals(404, refused.status(), refused.getMessage());
  }

  @AcrossDatabases
  void badPromptsAreRefusedAndNothingIsStored(Flavor flavor) {
    Api api = SharedApps.api(flavor);
    SessionsApi sessions = api.client().sessions();
    String session = Runs.openSession(api, Runs.newProject(api, "x = 1\n"));
    ProblemException empty =
        assertThrows(
            ProblemException.class, () -> sessions.send(session, new SendMessageRequest("  ")));
    assertEquals(400, empty.status());
    assertEquals("prompt", empty.errors().get(0).field());
    assertEquals(
        400,
        assertThrows(
                ProblemException.class, () -> sessions.send(session, new SendMessageRequest(null)))
            .status());
    // Raw: the answer's content type.
    Api.Reply huge =
        api.post("/api/sessions/" + session + "/messages", Map.of("prompt", "é".repeat(16_385)));
    assertEquals(413, huge.status(), "32 KiB counted in UTF-8 bytes, not characters");
    assertEquals("application/problem+json", huge.contentType());
    assertEquals(0, sessions.messages(session).size());
  }

  @AcrossDatabases
  void theRunStartsAtOnceAndASecondMessageWhileItWorksIsRefused(Flavor flavor) {
    fake.reset();
    RunningApp app = SharedApps.of(flavor);
    Api api = app.api();
    String project = Runs.newProject(api, "x = 1\n");
    String session = Runs.openSession(api, project);
    FakeOpenAi.Hold hold = new FakeOpenAi.Hold();
    fake.script(SharedFake.CODER_MODEL).holdUntil(hold).text("Done at last.");
    try (WsClient ws = WsClient.connect(app)) {
      ws.subscribe(project);
      ws.nextOfType("subscribed");
      RunAccepted accepted = Runs.start(api, session, "Take your time");
      assertEquals("processing", accepted.status());
      assertEquals(session, accepted.sessionId());
      hold.awaitHeld(1, Duration.ofSeconds(10));
      assertEquals(
          1,
          fake.requestsFor(SharedFake.CODER_MODEL).size(),
          "the 202 came while the LLM was still thinking");

      // Raw where the refusals' content type is checked.
      Api.Reply busy =
          api.post("/api/sessions/" + session + "/messages", Map.of("prompt", "And another thing"));
      assertEquals(409, busy.status());
      assertEquals("application/problem+json", busy.contentType());
      assertEquals(accepted.runId(), busy.json().get("run_id").asText());
      SessionsApi sessions = api.client().sessions();
      ProblemException sessionBusy =
          assertThrows(ProblemException.class, () -> sessions.delete(session));
      assertEquals(409, sessionBusy.status(), "a working session is not deleted under its run");
      Api.Reply projectBusy = api.delete("/api/projects/" + project);
      assertEquals(409, projectBusy.status(), "nor is its project");
      assertEquals("application/problem+json", projectBusy.contentType());
      assertEquals(accepted.runId(), projectBusy.json().get("run_id").asText());
      assertEquals(project, api.client().projects().get(project).id(), "the project is all there");

      List<MessageView> stored = sessions.messages(session);
      assertEquals(1, stored.size());
      assertEquals(accepted.messageId(), stored.get(0).id());
      assertEquals("user", stored.get(0).role());
      assertEquals("Take your time", stored.get(0).content());

      hold.release();
      List<JsonNode> frames = framesUntilEnd(ws, accepted.runId(), Duration.ofSeconds(30));
      assertEquals("text", ofType(frames, "vibecode_completed").get(0).get("outcome").asText());
      fake.script(SharedFake.CODER_MODEL).text("Next.");
      RunAccepted next = Runs.start(api, session, "And another thing");
      framesUntilEnd(ws, next.runId(), Duration.ofSeconds(30));
      // Once no run works in it.
      api.client().projects().delete(project);
    }
  }

  @AcrossDatabases
  void aMessageAndASessionDeleteAtOnceLeaveOneOutcome(Flavor flavor) throws Exception {
    fake.reset();
    Outcomes outcomes = new Outcomes();
    try (Runs.Room room = Runs.Room.open(SharedApps.of(flavor), "x = 1\n")) {
      Api api = room.api();
      SessionsApi sessions = api.client().sessions();
      String project = room.projectId();
      for (int round = 0; round < 25; round++) {
        fake.script(SharedFake.CODER_MODEL).text("Answered.");
        String session =
            sessions.open(project, new CreateSessionRequest("node", "race-" + round, null)).id();
        Api.Order order = Api.Order.ofRound(round);
        // Raw: Api.inOrder sends both requests from their own threads at the same moment.
        Api.Reply[] replies =
            Api.inOrder(
                order,
                () -> api.post("/api/sessions/" + session + "/messages", Map.of("prompt", "Hello")),
                () -> api.delete("/api/sessions/" + session));
        outcomes.add(
            order,
            oneWent(
                api,
                room.ws(),
                "/api/sessions/" + session,
                replies[0],
                replies[1],
                "round " + round + " " + order));
        assertNotFound(() -> sessions.get(session));
        assertNotFound(() -> sessions.messages(session));
      }
      sessions.delete(room.sessionId());
      assertTrue(sessions.ofProject(project).isEmpty(), "no session is left behind");
    }
    System.out.println("message and session delete at once, " + flavor + ": " + outcomes);
    outcomes.assertBothSeen(MESSAGE_FIRST, DELETE_FIRST);
  }

  @AcrossDatabases
  void aMessageAndAProjectDeleteAtOnceLeaveOneOutcome(Flavor flavor) throws Exception {
    fake.reset();
    Outcomes outcomes = new Outcomes();
    for (int round = 0; round < 15; round++) {
      fake.script(SharedFake.CODER_MODEL).text("Answered.");
      try (Runs.Room room = Runs.Room.open(SharedApps.of(flavor), "x = 1\n")) {
        Api api = room.api();
        String project = room.projectId();
        String session = room.sessionId();
        Api.Order order = Api.Order.ofRound(round);
        // Raw: Api.inOrder sends both requests from their own threads at the same moment.
        Api.Reply[] replies =
            Api.inOrder(
                order,
                () -> api.post("/api/sessions/" + session + "/messages", Map.of("prompt", "Hello")),
                () -> api.delete("/api/projects/" + project));
        outcomes.add(
            order,
            oneWent(
                api,
                room.ws(),
                "/api/projects/" + project,
                replies[0],
                replies[1],
                "round " + round + " " + order));
        assertNotFound(() -> api.client().projects().get(project));
        assertNotFound(() -> api.client().sessions().get(session));
      }
    }
    System.out.println("message and project delete at once, " + flavor + ": " + outcomes);
    outcomes.assertBothSeen(MESSAGE_FIRST, DELETE_FIRST);
  }

  /**
   * Either the message went first (202; the delete was refused while its run worked, or came after
   * its end, and succeeds once the run's end is published) or the delete did (204; the message
   * finds nothing, 404).
   */
  private static String oneWent(
      Api api, WsClient ws, String deletedPath, Api.Reply sent, Api.Reply deleted, String round) {
    if (sent.status() == 202) {
      assertTrue(deleted.status() == 409 || deleted.status() == 204, round + ": " + deleted.body());
      if (deleted.status() == 409) {
        // The session is free again before its run's end is published (docs/api.md).
        framesUntilEnd(ws, sent.json().get("run_id").asText(), Duration.ofSeconds(30));
        Api.Reply again = api.delete(deletedPath);
        assertEquals(
            204, again.status(), round + ": deleted once the run has ended: " + again.body());
      }
      return MESSAGE_FIRST;
    }
    assertEquals(
        404,
        sent.status(),
        round + ": the delete went first, so the message finds nothing: " + sent.body());
    assertEquals("application/problem+json", sent.contentType());
    assertEquals(204, deleted.status(), round + ": " + deleted.body());
    return DELETE_FIRST;
  }
}
