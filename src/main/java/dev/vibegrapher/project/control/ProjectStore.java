package dev.vibegrapher.project.control;

import dev.vibegrapher.platform.control.DatabaseKind;
import dev.vibegrapher.platform.entity.PageCursor;
import dev.vibegrapher.project.entity.Project;
import dev.vibegrapher.project.entity.TestCase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Reads run without a transaction; writes each in their own. */
@ApplicationScoped
public class ProjectStore {

  @PersistenceContext EntityManager em;

  @Inject DatabaseKind database;

  /**
   * Runs the work in a transaction (the caller's, if one is active) that holds the project's row
   * locked until it ends ({@link ProjectGuard} says why it is locked this way); 404 when the
   * project is gone.
   */
  @Transactional
  public <T> T withRowLocked(String id, Supplier<T> work) {
    if (em.createNativeQuery(
            database.isPostgres(em)
                ? "SELECT id FROM projects WHERE id = ?1 FOR NO KEY UPDATE"
                : "SELECT id FROM projects WHERE id = ?1 FOR UPDATE")
        .setParameter(1, id)
        .getResultList()
        .isEmpty()) {
      throw new NotFoundException("No project with id " + id + ".");
    }
    return work.get();
  }

  /** At most {@code count} projects, newest first, after the cursor's project if there is one. */
  public List<Project> newestFirst(int count, Optional<PageCursor> after) {
    if (after.isEmpty()) {
      return em.createNamedQuery(Project.NEWEST_FIRST, Project.class)
          .setMaxResults(count)
          .getResultList();
    }
    PageCursor cursor = after.get();
    return em.createNamedQuery(Project.NEWEST_FIRST_AFTER, Project.class)
        .setParameter("at", cursor.occurredAt())
        .setParameter("id", cursor.id())
        .setMaxResults(count)
        .getResultList();
  }

  public Optional<Project> find(String id) {
    return Optional.ofNullable(em.find(Project.class, id));
  }

  public Optional<Project> findBySlug(String slug) {
    return em.createNamedQuery(Project.BY_SLUG, Project.class)
        .setParameter("slug", slug)
        .getResultStream()
        .findFirst();
  }

  public List<String> slugsStartingWith(String base) {
    return em.createNamedQuery(Project.SLUGS_LIKE, String.class)
        .setParameter("slug", base)
        .setParameter("prefix", base + "-%")
        .getResultList();
  }

  public long count() {
    return em.createNamedQuery(Project.COUNT, Long.class).getSingleResult();
  }

  /** Stores the project, and what {@code alsoStored} stores about it, in one transaction. */
  @Transactional
  public Project insert(Project project, Consumer<Project> alsoStored) {
    em.persist(project);
    alsoStored.accept(project);
    return project;
  }

  /** Removes the project and every row that belongs to it, in one transaction. */
  @Transactional
  public boolean delete(String id, Runnable alsoStored) {
    Project project = em.find(Project.class, id);
    if (project == null) {
      return false;
    }
    alsoStored.run();
    em.createNamedQuery(TestCase.DELETE_OF_PROJECT).setParameter("projectId", id).executeUpdate();
    em.remove(project);
    return true;
  }
}
