package dev.vibegrapher.session.control;

import dev.vibegrapher.agent.control.AgentMemory;
import dev.vibegrapher.platform.boundary.ProblemException;
import dev.vibegrapher.project.control.ProjectService;
import dev.vibegrapher.project.entity.Project;
import dev.vibegrapher.session.entity.VibecodeSession;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/** Opening, finding and removing sessions; a session's memory goes with it. */
@ApplicationScoped
public class SessionService {

  @Inject SessionStore store;
  @Inject ProjectService projects;
  @Inject AgentMemory memory;
  @Inject ActiveRuns activeRuns;

  /** The result of opening a session: the session, and whether this call created it. */
  public record Opened(VibecodeSession session, boolean created) {
  }

  public Opened open(String projectId, String sessionType, String nodeId) {
    Project project = projects.project(projectId);
    String node = VibecodeSession.NODE.equals(sessionType) ? nodeId : null;
    String key = VibecodeSession.keyOf(project.slug(), node);
    return store.byKey(key).map(existing -> new Opened(existing, false)).orElseGet(() -> {
      try {
        return new Opened(store.insert(new VibecodeSession(projectId, project.slug(), sessionType, node)), true);
      } catch (PersistenceException | jakarta.transaction.TransactionalException concurrentCreation) {
        return new Opened(store.byKey(key).orElseThrow(() -> concurrentCreation), false);
      }
    });
  }

  public VibecodeSession find(String id) {
    return store.find(id).orElseThrow(() -> new NotFoundException("No session with id " + id + "."));
  }

  public List<VibecodeSession> ofProject(String projectId) {
    projects.project(projectId);
    return store.ofProject(projectId);
  }

  public void delete(String id) {
    VibecodeSession session = find(id);
    activeRuns.current(id).ifPresent(runId -> {
      throw new ProblemException(Response.Status.CONFLICT, "session-busy",
          "A run is still working in this session; delete it when the run has ended.", Map.of("run_id", runId));
    });
    store.delete(id);
    memory.clear(session.openaiSessionKey());
    memory.clear(AgentMemory.evaluatorKey(session.openaiSessionKey()));
  }
}
