package dev.vibegrapher.audit.control;

import dev.vibegrapher.audit.entity.AuditAction;
import dev.vibegrapher.audit.entity.AuditEntry;
import dev.vibegrapher.identity.entity.Caller;
import dev.vibegrapher.platform.entity.PageCursor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/**
 * Writes and reads the audit log. A feature records inside the transaction of the change it records
 * (REQUIRED joins it), so a change rolled back leaves no entry and an entry never lacks its change.
 */
@ApplicationScoped
public class AuditLog {

  @PersistenceContext EntityManager em;

  @Transactional
  public void record(
      Caller actor, AuditAction action, String projectId, String targetId, String summary) {
    em.persist(new AuditEntry(actor, action, projectId, targetId, summary));
  }

  /**
   * One page, newest first, starting after the cursor's entry; one more is read to know a next page
   * exists.
   */
  public AuditPage page(int limit, Optional<PageCursor> after, Optional<String> projectId) {
    StringBuilder jpql = new StringBuilder("SELECT e FROM AuditEntry e WHERE 1 = 1");
    projectId.ifPresent(id -> jpql.append(" AND e.projectId = :projectId"));
    after.ifPresent(
        cursor -> jpql.append(" AND (e.occurredAt < :at OR (e.occurredAt = :at AND e.id < :id))"));
    jpql.append(" ORDER BY e.occurredAt DESC, e.id DESC");
    TypedQuery<AuditEntry> query =
        em.createQuery(jpql.toString(), AuditEntry.class).setMaxResults(limit + 1);
    projectId.ifPresent(id -> query.setParameter("projectId", id));
    after.ifPresent(
        cursor -> query.setParameter("at", cursor.occurredAt()).setParameter("id", cursor.id()));
    List<AuditEntry> entries = query.getResultList();
    if (entries.size() <= limit) {
      return new AuditPage(entries, Optional.empty());
    }
    List<AuditEntry> shown = entries.subList(0, limit);
    AuditEntry last = shown.get(limit - 1);
    return new AuditPage(
        List.copyOf(shown), Optional.of(new PageCursor(last.occurredAt(), last.id())));
  }

  public record AuditPage(List<AuditEntry> entries, Optional<PageCursor> next) {}
}
