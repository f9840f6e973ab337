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
  @Inject DiffStore diffs;
  @Inject Spending spending;
  @Inject Budgets budgets;
  @Inject ProjectService projects;
  @Inject ActiveRuns activeRuns;
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
    VibecodeRun run = leases.newRun(sessionId);
    // The caller's subject, not their name or email: it is what identity keeps stable across their
    // logins and tokens (an access token acts for its maker's subject), where a name or an email
    // may change or be missing.
    String callerSubject = author.subject();
    activeRuns
        .claim(sessionId, run.id(), callerSubject)
        .ifPresent(
            busy -> {
              throw new ProblemException(
                  Response.Status.CONFLICT,
                  "session-busy",
                  "A run is already working in this session; wait for its vibecode_completed or vibecode_error.",
                  Map.of("run_id", busy));
            });
    try {
      // Read once claimed: a deletion of the session or its project has ended by now (404), or
      // waits for the run (409).
      VibecodeSession session = sessions.find(sessionId);
      budgets.requireRoom(new Spender(session.projectId(), sessionId, callerSubject));
      ProjectState project = projects.find(session.projectId());
      if (project.head() == null) {
        throw new ProblemException(
            Response.Status.CONFLICT,
            "project-unavailable",
            "The project's repository cannot be read, so there is no code to work on.",
            Map.of());
      }
      onAccepted.run();
      RunRecorder recorder =
          new RunRecorder(
                  store,
                  diffs,
                  events,
                  session.projectId(),
                  sessionId,
                  run.id(),
                  deltaIntervalMillis)
              .spentBy(callerSubject, spending, budgets)
              .endedElsewhereWhen(() -> activeRuns.ended(sessionId, run.id()))
              .beforeLastEvent(() -> activeRuns.release(sessionId, run.id()));
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
      String branch = session.branch();
      HeadState code =
          branch == null || branch.equals(project.head().branch())
              ? project.head()
              : git.branchFromHead(project.repository(), branch, project.project().filename());
      VibecodeRequest request =
          new VibecodeRequest(
              session.openaiSessionKey(),
              prompt,
              project.project().filename(),
              code.fileContent(),
              code.commit(),
              code.branch());
      try {
        executor.execute(() -> execute(recorder, request, sessionId, run.id()));
      } catch (RejectedExecutionException full) {
        activeRuns.end(sessionId, run.id());
        recorder.fail(
            "The server is running as many runs as it can; send the message again shortly.", null);
        throw new ProblemException(
            Response.Status.SERVICE_UNAVAILABLE,
            "runs-saturated",
            "The server is running as many runs as it can; try again shortly.",
            Map.of("run_id", run.id()));
      }
      return new RunAccepted("processing", sessionId, message.id(), run.id());
    } catch (RuntimeException
        | Error
            failure) { // an Error too (a class refused at shutdown): the slot must not stay taken
      activeRuns.release(sessionId, run.id());
      throw failure;
    }
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
