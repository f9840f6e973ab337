package dev.vibegrapher.review.control;

import dev.vibegrapher.review.entity.Diff;
import dev.vibegrapher.review.entity.DiffStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;
import java.util.List;
import java.util.Optional;

/** Diffs in the database. */
// Class-wide: runs read from managed executor threads, where Payara's non-transactional entity
// manager is closed under a second read in the same task.
@ApplicationScoped
@Transactional
public class DiffStore {

  @PersistenceContext EntityManager entityManager;

  public Diff insert(Diff diff) {
    entityManager.persist(diff);
    return diff;
  }

  public Optional<Diff> find(String id) {
    return Optional.ofNullable(entityManager.find(Diff.class, id));
  }

  /** The diff; 404 if there is none. */
  public Diff get(String id) {
    return find(id).orElseThrow(() -> new NotFoundException("No diff with id " + id + "."));
  }

  public List<Diff> ofSession(String sessionId, Optional<DiffStatus> status) {
    return status
        .map(
            wanted ->
                entityManager
                    .createNamedQuery(Diff.OF_SESSION_WITH_STATUS, Diff.class)
                    .setParameter("status", wanted))
        .orElseGet(() -> entityManager.createNamedQuery(Diff.OF_SESSION, Diff.class))
        .setParameter("sessionId", sessionId)
        .getResultList();
  }

  public List<Diff> ofProject(String projectId, Optional<DiffStatus> status) {
    return status
        .map(
            wanted ->
                entityManager
                    .createNamedQuery(Diff.OF_PROJECT_WITH_STATUS, Diff.class)
                    .setParameter("status", wanted))
        .orElseGet(() -> entityManager.createNamedQuery(Diff.OF_PROJECT, Diff.class))
        .setParameter("projectId", projectId)
        .getResultList();
  }

  /** Applies a change to the stored diff in its own transaction and returns the result. */
  public Diff change(String id, java.util.function.Consumer<Diff> change) {
    Diff diff = entityManager.find(Diff.class, id);
    if (diff == null) {
      // Deleted with its session or project since it was read.
      throw new NotFoundException("No diff with id " + id + ".");
    }
    change.accept(diff);
    // Written now, not when a longer transaction holding the project ends: what is published of
    // the change (its updated_at) is then what is stored.
    entityManager.flush();
    return diff;
  }
}
