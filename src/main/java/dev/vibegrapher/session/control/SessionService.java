package dev.vibegrapher.session.control;

import dev.vibegrapher.agent.control.AgentMemory;
import dev.vibegrapher.audit.control.AuditLog;
import dev.vibegrapher.audit.entity.AuditAction;
import dev.vibegrapher.identity.entity.Caller;
import dev.vibegrapher.platform.boundary.ProblemException;
import dev.vibegrapher.project.control.ProjectService;
import dev.vibegrapher.project.entity.Project;
import dev.vibegrapher.project.entity.ProjectDeleted;
import dev.vibegrapher.session.entity.VibecodeSession;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Opening, finding and removing sessions; a session's memory goes with it. */
@ApplicationScoped
public class SessionService {

  @Inject AuditLog audit;

  @Inject SessionStore store;
  @Inject ProjectService projects;
  @Inject AgentMemory memory;

  /** The result of opening a session: the session, and whether this call created it. */
  public record Opened(VibecodeSession session, boolean created) {}

  /**
   * Opens the session for this key, or returns the existing one. A branch names where its diffs go;
   * asking for another branch than an existing session's is a conflict, not a silent switch.
   */
  public Opened open(
      String projectId, String sessionType, String nodeId, String branch, Caller opener) {
    return projects.changing(
        projectId, project -> open(project, sessionType, nodeId, branch, opener));
  }

  private Opened open(
      Project project, String sessionType, String nodeId, String branch, Caller opener) {
    String projectId = project.id();
    String node = VibecodeSession.NODE.equals(sessionType) ? nodeId : null;
    String key = VibecodeSession.keyOf(project.slug(), node);
    Optional<VibecodeSession> existing = store.byKey(key);
    if (existing.isPresent()) {
      if (branch != null && !branch.equals(existing.get().branch())) {
        throw new ProblemException(
            Response.Status.CONFLICT,
            "session-branch",
            "The session "
                + key
                + " exists and targets "
                + (existing.get().branch() == null
                    ? "the checked-out branch"
                    : existing.get().branch())
                + "; delete it to start one for "
                + branch
                + ".",
            Map.of("session_id", existing.get().id()));
      }
      return new Opened(existing.get(), false);
    }
    // Holding the project, so no other instance opens the same key meanwhile.
    VibecodeSession session =
        new VibecodeSession(projectId, project.slug(), sessionType, node, branch);
    return new Opened(
        store.insert(
            session,
            () ->
                audit.record(
                    opener,
                    AuditAction.SESSION_CREATED,
                    projectId,
                    session.id(),
                    "Opened session " + key + (branch == null ? "" : " on branch " + branch))),
        true);
  }

  public VibecodeSession find(String id) {
    return store
        .find(id)
        .orElseThrow(() -> new NotFoundException("No session with id " + id + "."));
  }

  public List<VibecodeSession> ofProject(String projectId) {
    projects.project(projectId);
    return store.ofProject(projectId);
  }

  /**
   * A deleted project's sessions went with its rows, but their memories are keyed by the slug: a
   * new project with the same slug must not inherit them.
   */
  void forgetMemories(@Observes ProjectDeleted deleted) {
    if (deleted.elsewhere()) {
      return; // the instance that deleted it cleared them
    }
    memory.clearFamily(VibecodeSession.keyOf(deleted.slug(), null));
  }

  public void delete(String id, Caller deleter) {
    VibecodeSession session = find(id);
    projects.changing(
        session.projectId(),
        project -> {
          deleteHeld(
              session,
              () ->
                  audit.record(
                      deleter,
                      AuditAction.SESSION_DELETED,
                      session.projectId(),
                      id,
                      "Deleted session "
                          + session.openaiSessionKey()
                          + " with its messages and diffs"));
          return null;
        });
  }

  // Holding the project: a run starting in the session, through any instance, waits for the
  // deletion and then finds the session gone.
  private void deleteHeld(VibecodeSession session, Runnable recorded) {
    store
        .workingIn(session.id())
        .ifPresent(
            run -> {
              throw new ProblemException(
                  Response.Status.CONFLICT,
                  "session-busy",
                  "A run is still working in this session; delete it when the run has ended.",
                  Map.of("run_id", run.id()));
            });
    if (!store.delete(session.id(), recorded)) {
      throw new NotFoundException("No session with id " + session.id() + ".");
    }
    memory.clear(session.openaiSessionKey());
    memory.clear(AgentMemory.evaluatorKey(session.openaiSessionKey()));
  }
}
