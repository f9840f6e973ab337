package dev.vibegrapher.session.control;

import dev.vibegrapher.platform.control.DatabaseReady;
import dev.vibegrapher.realtime.entity.ProjectEvent;
import dev.vibegrapher.agent.control.Spending;
import dev.vibegrapher.review.control.DiffStore;
import dev.vibegrapher.session.entity.VibecodeRun;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/** Runs that were working when the server stopped or crashed are failed at the next start, so no session stays busy. */
@ApplicationScoped
public class RunRecovery {

  private static final Logger LOG = Logger.getLogger(RunRecovery.class.getName());

  @Inject SessionStore store;
  @Inject DiffStore diffs;
  @Inject Spending spending;
  @Inject Event<ProjectEvent> events;

  void failInterruptedRuns(@Observes DatabaseReady ready) {
    for (VibecodeRun run : store.running()) {
      String projectId = store.find(run.sessionId()).map(session -> session.projectId()).orElse(null);
      if (projectId == null) {
        continue;
      }
      LOG.info(() -> "Failing run " + run.id() + ", interrupted by the last shutdown");
      new RunRecorder(store, diffs, events, spending, projectId, run.sessionId(), run.id())
          .fail("The run was interrupted: the server stopped while it was working. Send the message again.", null);
    }
  }
}
