package dev.vibegrapher.realtime.control;

import dev.vibegrapher.project.entity.Project;
import dev.vibegrapher.realtime.entity.LoggedEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;

/** The stored events; each append (of one event or a batch) commits in its own transaction. */
@ApplicationScoped
public class EventLog {

  @PersistenceContext EntityManager em;

  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public List<LoggedEvent> append(List<LoggedEvent> events) {
    events.forEach(em::persist);
    return events;
  }

  /** At most {@code limit} events after {@code seq}, in order: one page of a replay. */
  @Transactional
  public List<LoggedEvent> page(String projectId, long seq, int limit) {
    return em.createNamedQuery(LoggedEvent.AFTER, LoggedEvent.class)
        .setParameter("projectId", projectId)
        .setParameter("seq", seq)
        .setMaxResults(limit)
        .getResultList();
  }

  /** How many events are logged after {@code after} up to {@code upTo}. */
  @Transactional
  public int count(String projectId, long after, long upTo) {
    return em.createNamedQuery(LoggedEvent.COUNT_BETWEEN, Long.class)
        .setParameter("projectId", projectId)
        .setParameter("after", after)
        .setParameter("upTo", upTo)
        .getSingleResult()
        .intValue();
  }

  /**
   * Whether the project is still there: an append for a project deleted meanwhile fails on its
   * foreign key.
   */
  @Transactional
  public boolean projectExists(String projectId) {
    return em.find(Project.class, projectId) != null;
  }

  @Transactional
  public long lastSeq(String projectId) {
    Long last =
        em.createNamedQuery(LoggedEvent.LAST_SEQ, Long.class)
            .setParameter("projectId", projectId)
            .getSingleResult();
    return last == null ? 0 : last;
  }

  @Transactional
  public long firstSeq(String projectId) {
    Long first =
        em.createNamedQuery(LoggedEvent.FIRST_SEQ, Long.class)
            .setParameter("projectId", projectId)
            .getSingleResult();
    return first == null ? 0 : first;
  }

  /** Deletes events older than the cutoff and beyond the newest {@code keep} of each project. */
  @Transactional
  public int prune(Instant cutoff, int keep) {
    int old =
        em.createNamedQuery(LoggedEvent.PRUNE_OLDER_THAN)
            .setParameter("cutoff", cutoff)
            .executeUpdate();
    int surplus =
        em.createNamedQuery(LoggedEvent.PRUNE_BEYOND_COUNT)
            .setParameter("keep", (long) keep)
            .executeUpdate();
    return old + surplus;
  }
}
