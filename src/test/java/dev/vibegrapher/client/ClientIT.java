package dev.vibegrapher.client;

import static dev.vibegrapher.support.Runs.submitPatch;
import static dev.vibegrapher.support.Runs.verdict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vibegrapher.client.identity.Person;
import dev.vibegrapher.client.project.CreateProjectRequest;
import dev.vibegrapher.client.project.ProjectResponse;
import dev.vibegrapher.client.review.CommitRequest;
import dev.vibegrapher.client.review.DiffView;
import dev.vibegrapher.client.review.Preview;
import dev.vibegrapher.client.review.ReviewRequest;
import dev.vibegrapher.client.session.CreateSessionRequest;
import dev.vibegrapher.client.session.MessageView;
import dev.vibegrapher.client.session.RunAccepted;
import dev.vibegrapher.client.session.SendMessageRequest;
import dev.vibegrapher.client.session.SessionView;
import dev.vibegrapher.support.AcrossDatabases;
import dev.vibegrapher.support.FakeOpenAi;
import dev.vibegrapher.support.Flavor;
import dev.vibegrapher.support.RunningApp;
import dev.vibegrapher.support.SharedApps;
import dev.vibegrapher.support.SharedFake;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A program that uses the typed client (client/) and nothing else: it changes a project's code
 * through the agents and the review, watches the room, and is refused as problem+json says.
 */
class ClientIT {

  private static final String CODE = "x = 1\ny = 2\n";
  private static final String PATCH = "@@ -1,2 +1,2 @@\n-x = 1\n+x = 10\n y = 2\n";
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final FakeOpenAi fake = SharedFake.fake();

  @AcrossDatabases
  void aProgramChangesCodeThroughTheAgentsAndTheReview(Flavor flavor) {
    fake.reset();
    RunningApp app = SharedApps.of(flavor);
    Vibegrapher vibegrapher = Vibegrapher.at(app.uri("/"), app.adminToken());
    ProjectResponse project =
        vibegrapher
            .projects()
            .create(new CreateProjectRequest("client " + UUID.randomUUID(), "main.py", CODE));
    assertEquals(CODE, project.currentCode());
    SessionView session =
        vibegrapher.sessions().open(project.id(), new CreateSessionRequest("global", null, null));
    assertEquals(project.id(), session.projectId());

    BlockingQueue<RoomFrame> frames = new LinkedBlockingQueue<>();
    try (ProjectRoom room = vibegrapher.room(frames::add)) {
      room.subscribe(project.id());
      RoomFrame.Subscribed subscribed = next(frames, RoomFrame.Subscribed.class);
      assertEquals(project.id(), subscribed.projectId());

      fake.script(SharedFake.CODER_MODEL).functionCall("submit_patch", submitPatch(PATCH, "x ten"));
      fake.script(SharedFake.EVALUATOR_MODEL).structured(verdict(true, "Good.", "Make x ten"));
      RunAccepted run = vibegrapher.sessions().send(session.id(), new SendMessageRequest("x ten"));
      assertEquals("processing", run.status());
      List<RoomFrame.Event> events = untilEndOf(frames, run.runId());
      DiffView proposed = ofType(events, "diff_created").get(0).data("diff", DiffView.class);
      assertEquals("evaluator_approved", proposed.status());
      assertEquals(
          "diff", ofType(events, "vibecode_completed").get(0).text("outcome"), "the run's end");
      MessageView prompt = ofType(events, "conversation_message").get(0).data(MessageView.class);
      assertEquals("x ten", prompt.content());
      assertEquals(prompt, vibegrapher.sessions().messages(session.id()).get(0));

      DiffsApi diffs = vibegrapher.diffs();
      assertEquals(
          List.of(proposed.id()),
          vibegrapher.sessions().pendingDiffs(session.id()).stream().map(DiffView::id).toList());
      Preview preview = diffs.preview(proposed.id());
      assertEquals(CODE, preview.originalCode());
      assertEquals("x = 10\ny = 2\n", preview.patchedCode());
      ProblemException early =
          assertThrows(
              ProblemException.class, () -> diffs.commit(proposed.id(), new CommitRequest(null)));
      assertEquals(409, early.status(), early.json().toString());
      assertEquals("diff-status", early.kind());
      assertEquals("Conflict", early.title());

      assertNull(diffs.review(proposed.id(), new ReviewRequest(true, null)).runId());
      DiffView committed = diffs.commit(proposed.id(), new CommitRequest("Make x ten"));
      assertEquals("committed", committed.status());
      ProjectResponse now = vibegrapher.projects().get(project.id());
      assertEquals(committed.committedSha(), now.currentCommit());
      assertEquals("x = 10\ny = 2\n", now.currentCode());
      assertTrue(
          vibegrapher
              .projects()
              .commits(project.id(), null, 1, null)
              .get(0)
              .message()
              .startsWith("Make x ten"));

      // The room shows the decision and the commit, with who made them, before the new code.
      List<RoomFrame.Event> decided = new ArrayList<>();
      RoomFrame.Event event;
      while (!(event = next(frames, RoomFrame.Event.class)).type().equals("code_changed")) {
        decided.add(event);
      }
      assertEquals(
          List.of("human_approved", "committed"),
          decided.stream().map(e -> e.data("diff", DiffView.class).status()).toList());
      assertEquals(vibegrapher.identity().me().name(), event.data("actor", Person.class).name());
      assertEquals(committed.committedSha(), event.text("commit"));

      // A second room from the first seq it missed gets the same events again, in order.
      BlockingQueue<RoomFrame> replayed = new LinkedBlockingQueue<>();
      try (ProjectRoom late = vibegrapher.room(replayed::add)) {
        late.subscribe(project.id(), subscribed.lastSeq());
        RoomFrame.Subscribed again = next(replayed, RoomFrame.Subscribed.class);
        List<Long> seqs = new ArrayList<>();
        while (seqs.isEmpty() || seqs.get(seqs.size() - 1) < again.lastSeq()) {
          seqs.add(next(replayed, RoomFrame.Event.class).seq());
        }
        assertEquals(subscribed.lastSeq() + 1, seqs.get(0));
        assertEquals(event.seq(), again.lastSeq());
        late.ping();
        next(replayed, RoomFrame.Pong.class);
      }
    }
  }

  @AcrossDatabases
  void aRefusedCallIsAProblemExceptionWithTheProblemsMembers(Flavor flavor) {
    fake.reset();
    RunningApp app = SharedApps.of(flavor);
    Vibegrapher vibegrapher = Vibegrapher.at(app.uri("/"), app.adminToken());

    ProblemException unknown =
        assertThrows(ProblemException.class, () -> vibegrapher.projects().get("no-such-project"));
    assertEquals(404, unknown.status());
    assertEquals("Not Found", unknown.title());
    assertTrue(unknown.detail().contains("no-such-project"), unknown.detail());

    ProblemException invalid =
        assertThrows(
            ProblemException.class,
            () -> vibegrapher.projects().create(new CreateProjectRequest(" ", "../x", null)));
    assertEquals(400, invalid.status());
    assertEquals("validation", invalid.kind());
    assertEquals(
        List.of("filename", "name"),
        invalid.errors().stream().map(e -> e.field()).distinct().toList());

    ProjectResponse project =
        vibegrapher
            .projects()
            .create(new CreateProjectRequest("refusals " + UUID.randomUUID(), "main.py", CODE));
    SessionView session =
        vibegrapher.sessions().open(project.id(), new CreateSessionRequest(null, null, null));
    ProblemException tooLarge =
        assertThrows(
            ProblemException.class,
            () ->
                vibegrapher
                    .sessions()
                    .send(session.id(), new SendMessageRequest("é".repeat(16_385))));
    assertEquals(413, tooLarge.status());
    assertTrue(tooLarge.detail().contains("max-prompt-bytes"), tooLarge.detail());

    FakeOpenAi.Hold hold = new FakeOpenAi.Hold();
    fake.script(SharedFake.CODER_MODEL).holdUntil(hold).text("Done.");
    BlockingQueue<RoomFrame> frames = new LinkedBlockingQueue<>();
    try (ProjectRoom room = vibegrapher.room(frames::add)) {
      room.subscribe(project.id());
      next(frames, RoomFrame.Subscribed.class);
      RunAccepted working =
          vibegrapher.sessions().send(session.id(), new SendMessageRequest("Take your time"));
      try {
        ProblemException busy =
            assertThrows(
                ProblemException.class,
                () -> vibegrapher.sessions().send(session.id(), new SendMessageRequest("More")));
        assertEquals(409, busy.status());
        assertEquals("session-busy", busy.kind());
        assertEquals(working.runId(), busy.string("run_id").orElseThrow());
      } finally {
        hold.release();
      }
      // The held run ends before the next test scripts the fake anew.
      untilEndOf(frames, working.runId());
    }

    ProblemException anonymous =
        assertThrows(
            ProblemException.class,
            () -> Vibegrapher.at(app.uri("/"), (String) null).projects().list(null, null));
    assertEquals(401, anonymous.status());
    assertEquals("unauthenticated", anonymous.kind());
  }

  private static List<RoomFrame.Event> untilEndOf(BlockingQueue<RoomFrame> frames, String runId) {
    List<RoomFrame.Event> events = new ArrayList<>();
    while (true) {
      RoomFrame.Event event = next(frames, RoomFrame.Event.class);
      events.add(event);
      if (event.type().startsWith("vibecode_") && runId.equals(event.text("run_id"))) {
        return events;
      }
    }
  }

  private static List<RoomFrame.Event> ofType(List<RoomFrame.Event> events, String type) {
    return events.stream().filter(e -> e.type().equals(type)).toList();
  }

  /** The next frame of the kind, skipping the heartbeats and other kinds in between. */
  private static <T extends RoomFrame> T next(BlockingQueue<RoomFrame> frames, Class<T> kind) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      RoomFrame frame;
      try {
        frame = frames.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      if (frame == null) {
        throw new AssertionError("no " + kind.getSimpleName() + " within " + WAIT);
      }
      if (kind.isInstance(frame)) {
        return kind.cast(frame);
      }
      if (frame instanceof RoomFrame.Error error) {
        throw new AssertionError("the room refused: " + error);
      }
    }
  }
}
