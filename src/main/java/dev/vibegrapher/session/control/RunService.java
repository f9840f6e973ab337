package dev.vibegrapher.session.control;

import dev.vibegrapher.agent.control.Budgets;
import dev.vibegrapher.agent.control.Spending;
import dev.vibegrapher.agent.control.VibecodeEngine;
import dev.vibegrapher.agent.control.VibecodeRequest;
import dev.vibegrapher.agent.entity.Outcome;
import dev.vibegrapher.agent.entity.Spender;
import dev.vibegrapher.audit.control.AuditLog;
import dev.vibegrapher.audit.entity.AuditAction;
import dev.vibegrapher.client.session.RunAccepted;
import dev.vibegrapher.git.control.GitRepositories;
import dev.vibegrapher.git.entity.HeadState;
import dev.vibegrapher.identity.entity.Caller;
import dev.vibegrapher.platform.boundary.ProblemException;
import dev.vibegrapher.platform.entity.Ids;
import dev.vibegrapher.project.control.ProjectGuard;
import dev.vibegrapher.project.control.ProjectService;
import dev.vibegrapher.project.entity.ProjectState;
import dev.vibegrapher.realtime.entity.ProjectEvent;
import dev.vibegrapher.review.control.DiffStore;
import dev.vibegrapher.session.entity.ConversationMessage;
import dev.vibegrapher.session.entity.VibecodeRun;
import dev.vibegrapher.session.entity.VibecodeSession;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Starts a run for a user's message: the prompt is stored and published, the run is handed to the
 * container's managed executor, and the caller gets its ids before any LLM call is made.
 */
@ApplicationScoped
public class RunService {

  private static final Logger LOG = Logger.getLogger(RunService.class.getName());

  @Inject SessionService sessions;
  @Inject SessionStore store;
  @Inject ProjectGuard guard;
  @Inject DiffStore diffs;
  @Inject Spending spending;
  @Inject Budgets budgets;
  @Inject ProjectService projects;
  @Inject ActiveRuns activeRuns;
  @Inject CallerRunLimit perCaller;
  @Inject GitRepositories git;
  @Inject VibecodeEngine engine;
  @Inject Event<ProjectEvent> events;
  @Inject AuditLog audit;

  @Inject
  @ConfigProperty(name = "vibegrapher.stream.delta-interval-ms")
  long deltaIntervalMillis;

  @Resource(lookup = RunExecutor.NAME)
  ManagedExecutorService executor;

  @Inject RunLeases leases;

  public RunAccepted start(String sessionId, String prompt, Caller author) {
    return start(sessionId, prompt, author, () -> {});
  }

  /**
   * Starts a run on the session's branch (created from HEAD when first used), or the checked-out
   * one. {@code onAccepted} runs once the session is claimed, before the prompt is stored and
   * published.
   */
  public RunAccepted start(String sessionId, String prompt, Caller author, Runnable onAccepted) {
    // The caller's subject, not their name or email: it is what identity keeps stable across their
    // logins and tokens (an access token acts for its maker's subject), where a name or an email
    // may change or be missing.
    String callerSubject = author.subject();
    VibecodeRun run = leases.newRun(sessionId, callerSubject);
    activeRuns
        .claim(sessionId, run.id(), callerSubject)
        .ifPresent(
            busy -> {
              throw sessionBusy(busy);
            });
    try {
      // The run's row is the claim every instance sees: added holding the project, where a
      // deletion of the session or the project and a run starting through another instance take
      // turns with this one. What the run works on is read there too: a deletion has either
      // ended by then (404) or will wait for the run (409).
      Begun begun =
          projects.changing(
              sessions.find(sessionId).projectId(),
              held -> begin(run, sessionId, prompt, author, onAccepted));
      VibecodeSession session = begun.session();
      ProjectState project = begun.project();
      RunRecorder recorder = begun.recorder();
      ConversationMessage message = begun.prompt();
      HeadState code = begun.code();
      VibecodeRequest request =
          new VibecodeRequest(
              session.openaiSessionKey(),
              prompt,
              project.project().filename(),
              code.fileContent(),
              code.commit(),
              code.branch());
      // A rejection's new attempt starts inside the decision's transaction: its thread must not
      // start before the run's rows are committed (it would find no run to record into).
      guard.afterCommit(
          () -> launch(recorder, request, sessionId, run.id()),
          () -> activeRuns.release(sessionId, run.id()));
      return new RunAccepted("processing", sessionId, message.id(), run.id());
    } catch (RuntimeException
        | Error
            failure) { // an Error too (a class refused at shutdown): the slot must not stay taken
      activeRuns.release(sessionId, run.id());
      throw failure;
    }
  }

  private record Begun(
      VibecodeSession session,
      ProjectState project,
      RunRecorder recorder,
      ConversationMessage prompt,
      HeadState code) {}

  private Begun begin(
      VibecodeRun run, String sessionId, String prompt, Caller author, Runnable onAccepted) {
    VibecodeSession session = sessions.find(sessionId);
    String callerSubject = author.subject();
    budgets.requireRoom(new Spender(session.projectId(), sessionId, callerSubject));
    ProjectState project = projects.find(session.projectId());
    if (project.head() == null) {
      throw new ProblemException(
          Response.Status.CONFLICT,
          "project-unavailable",
          "The project's repository cannot be read, so there is no code to work on.",
          Map.of());
    }
    // The caller's runs on every instance, counted holding the project and then the caller, before
    // the session's: at the cap, a message to a busy session is refused as one here is (429).
    perCaller.requireRoom(callerSubject);
    store
        .workingIn(sessionId)
        .ifPresent(
            busy -> {
              throw sessionBusy(busy.id());
            });
    onAccepted.run();
    RunRecorder recorder =
        new RunRecorder(
                store, diffs, events, session.projectId(), sessionId, run.id(), deltaIntervalMillis)
            .spentBy(callerSubject, spending, budgets)
            .endedElsewhereWhen(() -> activeRuns.ended(sessionId, run.id()))
            .beforeLastEvent(() -> activeRuns.release(sessionId, run.id()));
    // Waiting for the project may have taken longer than a lease: stored expired, the run would
    // count for nobody's cap and look abandoned to the other instances.
    leases.startsNow(run);
    ConversationMessage message =
        recorder.begin(
            run,
            MessageDraft.prompt(sessionId, run.id(), prompt, author.person()),
            () ->
                audit.record(
                    author,
                    AuditAction.PROMPT_SENT,
                    session.projectId(),
                    sessionId,
                    "Sent a prompt: " + prompt));
    // In the same transaction: a branch that cannot be made leaves no run behind.
    String branch = session.branch();
    HeadState code =
        branch == null || branch.equals(project.head().branch())
            ? project.head()
            : git.branchFromHead(project.repository(), branch, project.project().filename());
    guard.afterCommit(() -> recorder.announce(message));
    return new Begun(session, project, recorder, message, code);
  }

  private void launch(
      RunRecorder recorder, VibecodeRequest request, String sessionId, String runId) {
    try {
      executor.execute(() -> execute(recorder, request, sessionId, runId));
    } catch (RejectedExecutionException full) {
      activeRuns.end(sessionId, runId);
      recorder.fail(
          "The server is running as many runs as it can; send the message again shortly.", null);
      throw new ProblemException(
          Response.Status.SERVICE_UNAVAILABLE,
          "runs-saturated",
          "The server is running as many runs as it can; try again shortly.",
          Map.of("run_id", runId));
    }
  }

  private static ProblemException sessionBusy(String runId) {
    return new ProblemException(
        Response.Status.CONFLICT,
        "session-busy",
        "A run is already working in this session; wait for its vibecode_completed or vibecode_error.",
        Map.of("run_id", runId));
  }

  private void execute(
      RunRecorder recorder, VibecodeRequest request, String sessionId, String runId) {
    boolean recording = false;
    try {
      Outcome outcome = engine.run(request, recorder);
      // When the server stopped during the run, the shutdown has recorded its end already.
      recording = activeRuns.end(sessionId, runId);
      if (recording) {
        recorder.finish(outcome, request.prompt());
      }
    } catch (RuntimeException unexpected) {
      String correlationId = Ids.next();
      LOG.log(
          Level.SEVERE,
          "Run " + runId + " failed unexpectedly [correlation id " + correlationId + "]",
          unexpected);
      if (recording || activeRuns.end(sessionId, runId)) {
        try {
          recorder.fail(
              "The run failed unexpectedly (correlation id " + correlationId + ").", null);
        } catch (RuntimeException alsoFailed) {
          LOG.log(
              Level.SEVERE,
              "Run " + runId + " could not be marked failed; the next start-up will",
              alsoFailed);
        }
      }
    } finally {
      activeRuns.release(sessionId, runId);
    }
  }
}
