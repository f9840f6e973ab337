package dev.vibegrapher.session.control;

import dev.vibegrapher.agent.entity.StepType;
import dev.vibegrapher.client.session.MessageView;
import dev.vibegrapher.platform.control.DatabaseReady;
import dev.vibegrapher.realtime.entity.ProjectEvent;
import dev.vibegrapher.review.control.DiffStore;
import dev.vibegrapher.session.entity.ConversationMessage;
import dev.vibegrapher.session.entity.VibecodeRun;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * No session stays busy after the server stops: runs working at a shutdown (SIGTERM) are failed on
 * the way down, and runs cut off by a crash are failed at the next start, the same way.
 */
@ApplicationScoped
public class RunRecovery {

  private static final Logger LOG = Logger.getLogger(RunRecovery.class.getName());
  static final String INTERRUPTED =
      "The run was interrupted: the server stopped while it was working. Send the message again.";

  /**
   * When the shutdown observers run, the application's class loader may already refuse to load
   * classes (NoClassDefFoundError, seen on SIGTERM): what failing a run needs is loaded at start.
   */
  static final List<Class<?>> NEEDED_TO_FAIL_A_RUN =
      List.of(
          RunRecorder.class,
          RunEvents.Failed.class,
          MessageDraft.class,
          MessageView.class,
          StepType.class,
          ConversationMessage.class,
          dev.vibegrapher.client.identity.Person.class);

  @Inject SessionStore store;
  @Inject DiffStore diffs;
  @Inject ActiveRuns activeRuns;
  @Inject Event<ProjectEvent> events;

  void failInterruptedRuns(@Observes DatabaseReady ready) {
    LOG.fine(() -> NEEDED_TO_FAIL_A_RUN.size() + " classes loaded for failing runs at shutdown");
    for (VibecodeRun run : store.running()) {
      LOG.info(() -> "Failing run " + run.id() + ", interrupted by the last shutdown");
      fail(run.sessionId(), run.id());
    }
  }

  /**
   * Before the application scope ends, while the database and the real-time connections still work
   * (this observer comes before the default priority, so clients get the vibecode_error before they
   * are told the server is going away).
   */
  void failWorkingRuns(
      @Observes
          @Priority(Interceptor.Priority.APPLICATION)
          @BeforeDestroyed(ApplicationScoped.class)
          Object stopping) {
    for (Map.Entry<String, String> working : activeRuns.stop().entrySet()) {
      try {
        if (activeRuns.end(working.getKey(), working.getValue())) {
          LOG.info("Failing run " + working.getValue() + ": the server is stopping");
          fail(working.getKey(), working.getValue());
        }
      } catch (RuntimeException | LinkageError notRecorded) {
        // Caught, so that the other shutdown observers (commits, real-time clients) still run.
        LOG.log(
            Level.WARNING,
            "Run " + working.getValue() + " could not be failed now; the next start will",
            notRecorded);
      }
    }
  }

  private void fail(String sessionId, String runId) {
    store
        .find(sessionId)
        .ifPresent(
            session ->
                new RunRecorder(store, diffs, events, session.projectId(), sessionId, runId, 0)
                    .fail(INTERRUPTED, null));
  }
}
