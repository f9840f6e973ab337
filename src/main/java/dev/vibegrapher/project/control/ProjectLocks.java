package dev.vibegrapher.project.control;

import dev.vibegrapher.project.entity.ProjectDeleted;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One lock per project for what changes its repository or decides its diffs (committing,
 * reverting, approving or rejecting), adds or removes its sessions and test cases, or deletes it.
 * One instance takes writes (docs/deployment.md).
 */
@ApplicationScoped
public class ProjectLocks {

  private final ConcurrentMap<String, Object> locks = new ConcurrentHashMap<>();

  public Object of(String projectId) {
    return locks.computeIfAbsent(projectId, key -> new Object());
  }

  void forget(@Observes ProjectDeleted deleted) {
    locks.remove(deleted.projectId());
  }
}
