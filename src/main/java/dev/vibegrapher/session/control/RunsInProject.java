package dev.vibegrapher.session.control;

import dev.vibegrapher.platform.boundary.ProblemException;
import dev.vibegrapher.project.control.ProjectWork;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** A project is not deleted under a run of one of its sessions, on whichever instance it works. */
@ApplicationScoped
public class RunsInProject implements ProjectWork {

  @Inject SessionStore store;

  @Override
  public void refuseDeletionWhileWorking(String projectId) {
    store
        .workingInProject(projectId)
        .ifPresent(
            run -> {
              throw new ProblemException(
                  Response.Status.CONFLICT,
                  "project-busy",
                  "A run is still working in this project; delete it when the run has ended.",
                  Map.of("run_id", run.id(), "session_id", run.sessionId()));
            });
  }
}
