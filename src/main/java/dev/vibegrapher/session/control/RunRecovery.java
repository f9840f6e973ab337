package dev.vibegrapher.session.control;

import dev.vibegrapher.agent.entity.StepType;
import dev.vibegrapher.client.session.MessageView;
import dev.vibegrapher.platform.control.DatabaseReady;
import dev.vibegrapher.realtime.entity.ProjectEvent;
import dev.vibegrapher.review.control.DiffStore;
import dev.vibegrapher.session.entity.ConversationMessage;
import dev.vibegrapher.session.entity.VibecodeRun;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * No session stays busy after the instance working on its run stops: runs working at a shutdown
 * (SIGTERM) are failed on the way down; runs cut off by a crash are failed the same way, by the
 * instance when it starts again on the same data directory, or by any instance sharing the database
 * once the run's lease has run out (RunLeases). A starting instance never fails the live runs of
 * the others.
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
  @Inject RunLeases leases;
  @Inject Event<ProjectEvent> events;
  @Resource ManagedScheduledExecutorService scheduler;

  private ScheduledFuture<?> renewing;
  private ScheduledFuture<?> sweeping;

  void failInterruptedRuns(@Observes DatabaseReady ready) {
    LOG.fine(() -> NEEDED_TO_FAIL_A_RUN.size() + " classes loaded for failing runs at shutdown");
    failAbandoned(true);
    long every = leases.renewal().toMillis();
    // Two tasks: failing another instance's runs may take a while, and must never delay the
    // renewal of this one's, or the others would take them over in turn.
    renewing =
        scheduler.scheduleAtFixedRate(this::renewLeases, every, every, TimeUnit.MILLISECONDS);
    sweeping =
        scheduler.scheduleWithFixedDelay(
            this::failAbandonedRuns, every, every, TimeUnit.MILLISECONDS);
  }

  /**
   * Renews the lease of every run working here. One that another instance took over (its lease ran
   * out, say in a long pause) is no longer this instance's to finish: its thread stops recording at
   * its next step, as at a shutdown, and its claims here are released.
   */
  void renewLeases() {
    try {
      Instant until = Instant.now().plus(leases.lease());
      activeRuns
          .working()
          .forEach(
              (sessionId, runId) -> {
                // A run claimed here whose row is not committed yet has no lease to renew.
                if (!store.renew(runId, leases.owner(), until)
                    && store.stored(runId)
                    && activeRuns.end(sessionId, runId)) {
                  LOG.warning(
                      "Run " + runId + " was taken over by another instance; stopping it here");
                  activeRuns.release(sessionId, runId);
                }
              });
    } catch (RuntimeException | LinkageError failure) {
      // Caught, or the schedule would end: the next round tries again.
      LOG.log(Level.WARNING, "Renewing this instance's run leases failed", failure);
    }
  }

  void failAbandonedRuns() {
    try {
      failAbandoned(false);
    } catch (RuntimeException | LinkageError failure) {
      LOG.log(Level.WARNING, "Looking for runs abandoned by other instances failed", failure);
    }
  }

  private void failAbandoned(boolean restarted) {
    Instant now = Instant.now();
    String me = leases.owner();
    Map<String, String> workingHere = activeRuns.working();
    for (VibecodeRun run : store.abandoned(me, restarted, now)) {
      if (run.id().equals(workingHere.get(run.sessionId()))) {
        continue; // a renewal missed here (the database was away): this instance still works on it
      }
      try {
        if (store.takeOver(run.id(), me, restarted, now, now.plus(leases.lease()))) {
          LOG.info(
              () ->
                  "Failing run "
                      + run.id()
                      + (restarted
                          ? ", interrupted by the last shutdown"
                          : ": the instance working on it stopped renewing its lease"));
          fail(run.sessionId(), run.id());
        }
      } catch (RuntimeException failure) {
        // The run stays abandoned: its new lease runs out, and a later round tries again.
        LOG.log(Level.WARNING, "Failing abandoned run " + run.id() + " failed", failure);
      }
    }
  }

  @PreDestroy
  void stopRenewing() {
    if (renewing != null) {
      renewing.cancel(false);
    }
    if (sweeping != null) {
      sweeping.cancel(false);
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
    for (Map.Entry<String, String> run : activeRuns.stop().entrySet()) {
      failAtShutdown(run.getKey(), run.getValue());
    }
  }

  private void failAtShutdown(String sessionId, String runId) {
    try {
      if (activeRuns.end(sessionId, runId)) {
        LOG.info("Failing run " + runId + ": the server is stopping");
        fail(sessionId, runId);
      }
    } catch (RuntimeException | LinkageError notRecorded) {
      // Caught, so that the other shutdown observers (commits, real-time clients) still run.
      LOG.log(
          Level.WARNING,
          "Run " + runId + " could not be failed now; the next start will",
          notRecorded);
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
