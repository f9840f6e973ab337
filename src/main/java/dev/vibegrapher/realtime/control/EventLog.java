package dev.vibegrapher.realtime.control;

import dev.vibegrapher.platform.control.DatabaseKind;
import dev.vibegrapher.platform.control.InstanceIdentity;
import dev.vibegrapher.project.entity.Project;
import dev.vibegrapher.realtime.entity.LoggedEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;

/**
 * The stored events; each append (of one event or a batch) commits in its own transaction. The
 * database numbers them: instances sharing it take turns on the project's counter row, and on
 * PostgreSQL each append tells the others what it committed (NOTIFY, delivered at commit, read by
 * {@link EventLogListener}).
 */
@ApplicationScoped
public class EventLog {

  /** The PostgreSQL notification channel of appends, and of deletions of projects. */
  static final String CHANNEL = "vibegrapher_events";

  /** A notice's third word when it tells of a deletion rather than an append. */
  static final String DELETED = "deleted";

  // Every append of this release goes through the counter (V7 started it where each log ended),
  // so the increment alone keeps it ahead of the log: no look at the log on the publishing path.
  private static final String ADVANCE =
      "UPDATE project_event_counters SET last_seq = last_seq + ?1 WHERE project_id = ?2";
  // A project's first append starts its counter where its log ends (0 for a new project). The
  // insert selects the project, so none is made for a project deleted meanwhile.
  private static final String START =
      "INSERT INTO project_event_counters (project_id, last_seq) SELECT p.id, COALESCE((SELECT"
          + " MAX(e.seq) FROM project_events e WHERE e.project_id = p.id), 0) FROM projects p"
          + " WHERE p.id = ?1";
  // Two instances may start one project's counter at the same moment: the second insert waits for
  // the first and then does nothing (PostgreSQL's upsert; H2 serves one instance only, whose
  // appends to a project already take turns).
  private static final String START_ON_POSTGRESQL = START + " ON CONFLICT (project_id) DO NOTHING";
  private static final String LAST =
      "SELECT last_seq FROM project_event_counters WHERE project_id = ?1";

  @PersistenceContext EntityManager em;

  /** Names this instance in its notifications, which come back to it and are skipped. */
  @Inject InstanceIdentity instance;

  @Inject DatabaseKind database;

  /**
   * Numbers the events after the project's last and stores them; empty when the project is gone.
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public List<LoggedEvent> append(String projectId, List<LoggedEvent> events) {
    int count = events.size();
    if (advance(projectId, count) == 0) {
      em.createNativeQuery(isPostgres() ? START_ON_POSTGRESQL : START)
          .setParameter(1, projectId)
          .executeUpdate();
      if (advance(projectId, count) == 0) {
        return List.of();
      }
    }
    long last =
        ((Number) em.createNativeQuery(LAST).setParameter(1, projectId).getSingleResult())
            .longValue();
    long seq = last - count;
    for (LoggedEvent event : events) {
      em.persist(event.numbered(++seq));
    }
    if (isPostgres()) {
      notifyOthers(projectId + " " + last);
    }
    return events;
  }

  /**
   * Tells the other instances that a project this one deleted is gone, so that they drop their
   * rooms and what they keep of it. After the deletion's commit: an instance that dies in between
   * leaves the others holding only memory of a project nobody can read any more, until their listen
   * connection is renewed.
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void announceDeletion(String projectId, String slug) {
    if (isPostgres()) {
      notifyOthers(projectId + " " + DELETED + " " + slug);
    }
  }

  // Delivered when the transaction commits, in commit order; never when it rolls back.
  private void notifyOthers(String notice) {
    em.createNativeQuery("SELECT pg_notify(?1, ?2)")
        .setParameter(1, CHANNEL)
        .setParameter(2, instance.id() + " " + notice)
        .getResultList();
  }

  private int advance(String projectId, int count) {
    return em.createNativeQuery(ADVANCE)
        .setParameter(1, count)
        .setParameter(2, projectId)
        .executeUpdate();
  }

  private boolean isPostgres() {
    return database.isPostgres(em);
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
