package dev.vibegrapher.project.control;

import dev.vibegrapher.platform.control.CascadedDeletes;
import dev.vibegrapher.platform.entity.PageCursor;
import dev.vibegrapher.project.entity.Project;
import dev.vibegrapher.project.entity.TestCase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Reads run without a transaction; writes each in their own. */
@ApplicationScoped
public class ProjectStore {

  @Inject CascadedDeletes cascades;

  @PersistenceContext EntityManager em;

  /**
   * At most {@code count} projects, newest first, after the cursor's project if there is one. The
   * first page, asked for far more often than the others, is cut from the query-results cache
   * (dropped on any change to a project), so it costs no query; later pages go to the database.
   */
  public List<Project> newestFirst(int count, Optional<PageCursor> after) {
    if (after.isEmpty()) {
      List<Project> all = em.createNamedQuery(Project.NEWEST_FIRST, Project.class).getResultList();
      return List.copyOf(all.subList(0, Math.min(count, all.size())));
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
    em.flush();
    // The database cascaded to the project's sessions, messages, runs and diffs: the shared cache
    // must not serve them by id any more. A deletion is rare; everything else is read again.
    cascades.evict(em, jakarta.persistence.Cache::evictAll);
    return true;
  }
}
