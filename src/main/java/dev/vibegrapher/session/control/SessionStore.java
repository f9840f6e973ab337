package dev.vibegrapher.session.control;

import dev.vibegrapher.platform.control.DatabaseKind;
import dev.vibegrapher.session.entity.ConversationMessage;
import dev.vibegrapher.session.entity.RunStatus;
import dev.vibegrapher.session.entity.VibecodeRun;
import dev.vibegrapher.session.entity.VibecodeSession;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Sessions, their runs and their messages in the database. */
// Class-wide: runs read from managed executor threads, where Payara's non-transactional entity
// manager is closed under a second read in the same task.
@ApplicationScoped
@Transactional
public class SessionStore {

  /**
   * The first half of the caller locks' keys (PostgreSQL's advisory locks of two 32-bit keys, the
   * second the hash of the subject): no other lock of the app has this half. Flyway's lock on its
   * history table is of the one 64-bit key, a key space that never overlaps the two-key one.
   */
  static final int CALLER_LOCKS = 0x56475243; // "VGRC"

  @PersistenceContext EntityManager entityManager;

  @Inject DatabaseKind database;

  public Optional<VibecodeSession> find(String id) {
    return Optional.ofNullable(entityManager.find(VibecodeSession.class, id));
  }

  public Optional<VibecodeSession> byKey(String key) {
    return entityManager
        .createNamedQuery(VibecodeSession.BY_KEY, VibecodeSession.class)
        .setParameter("key", key)
        .getResultStream()
        .findFirst();
  }

  public List<VibecodeSession> ofProject(String projectId) {
    return entityManager
        .createNamedQuery(VibecodeSession.OF_PROJECT, VibecodeSession.class)
        .setParameter("projectId", projectId)
        .getResultList();
  }

  /** Stores the session, and what {@code alsoStored} stores about it, in one transaction. */
  public VibecodeSession insert(VibecodeSession session, Runnable alsoStored) {
    entityManager.persist(session);
    entityManager.flush();
    alsoStored.run();
    return session;
  }

  /** Messages, runs and diffs go with the session (foreign keys cascade). */
  public boolean delete(String id, Runnable alsoStored) {
    VibecodeSession session = entityManager.find(VibecodeSession.class, id);
    if (session == null) {
      return false;
    }
    alsoStored.run();
    entityManager.remove(session);
    return true;
  }

  public List<ConversationMessage> messages(String sessionId) {
    return entityManager
        .createNamedQuery(ConversationMessage.OF_SESSION, ConversationMessage.class)
        .setParameter("sessionId", sessionId)
        .getResultList();
  }

  public Optional<ConversationMessage> message(String id) {
    return Optional.ofNullable(entityManager.find(ConversationMessage.class, id));
  }

  /** Stores a message at the end of its session's conversation. */
  public ConversationMessage append(MessageDraft draft) {
    Long last =
        entityManager
            .createNamedQuery(ConversationMessage.LAST_POSITION, Long.class)
            .setParameter("sessionId", draft.sessionId())
            .getSingleResult();
    ConversationMessage message = draft.at(last == null ? 0 : last + 1);
    entityManager.persist(message);
    return message;
  }

  /** A new run and the prompt that started it, in one transaction. */
  public ConversationMessage begin(VibecodeRun run, MessageDraft prompt, Runnable alsoStored) {
    entityManager.persist(run);
    ConversationMessage message = append(prompt);
    alsoStored.run();
    return message;
  }

  /**
   * Records the run's end, once: false, changing nothing, when its end is recorded already (by
   * another instance that took the run over, say). The row is read locked, past the cache, so of
   * two instances ending one run exactly one does.
   */
  public boolean finish(String runId, java.util.function.Consumer<VibecodeRun> change) {
    VibecodeRun run = entityManager.find(VibecodeRun.class, runId, LockModeType.PESSIMISTIC_WRITE);
    if (run == null || run.status() != RunStatus.RUNNING) {
      return false;
    }
    change.accept(run);
    return true;
  }

  /** A run working in the session, on any instance. */
  public Optional<VibecodeRun> workingIn(String sessionId) {
    return entityManager
        .createNamedQuery(VibecodeRun.WORKING_IN_SESSION, VibecodeRun.class)
        .setParameter("sessionId", sessionId)
        .getResultStream()
        .findFirst();
  }

  /** A run working in one of the project's sessions, on any instance. */
  public Optional<VibecodeRun> workingInProject(String projectId) {
    return entityManager
        .createNamedQuery(VibecodeRun.WORKING_IN_PROJECT, VibecodeRun.class)
        .setParameter("projectId", projectId)
        .setMaxResults(1)
        .getResultStream()
        .findFirst();
  }

  /**
   * Holds the caller until the transaction ends, on every instance sharing the database: a run's
   * start counts the caller's runs and adds its own in turn with the caller's other starts, even
   * those in other projects. PostgreSQL only: H2 is one instance's, where ActiveRuns' count of the
   * caller's runs and starts in flight on this instance bounds them already. Only inside the
   * project's transaction (the lock order: the project, then the caller), so a lock taken outside
   * one fails instead of ending at once.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public void holdRunStartsOf(String callerSubject) {
    if (database.isPostgres(entityManager)) {
      entityManager
          .createNativeQuery("SELECT pg_advisory_xact_lock(?1, hashtext(?2))")
          .setParameter(1, CALLER_LOCKS)
          .setParameter(2, callerSubject)
          .getResultList();
    }
  }

  /** How many runs of the caller work now, on any instance, their lease live. */
  public long workingFor(String callerSubject, Instant now) {
    return entityManager
        .createNamedQuery(VibecodeRun.COUNT_WORKING_FOR_CALLER, Long.class)
        .setParameter("callerSubject", callerSubject)
        .setParameter("now", now)
        .getSingleResult();
  }

  /** Whether the run's row is there for everyone to see (its start has committed). */
  public boolean stored(String runId) {
    return entityManager.find(VibecodeRun.class, runId) != null;
  }

  /** Whether the run is still working, as the database has it now. */
  public boolean stillRunning(String runId) {
    VibecodeRun run = entityManager.find(VibecodeRun.class, runId);
    return run != null && run.status() == RunStatus.RUNNING;
  }

  /**
   * Runs working for nobody: those whose lease ran out and, at this instance's start ({@code
   * restarted}), its own from before.
   */
  public List<VibecodeRun> abandoned(String me, boolean restarted, Instant now) {
    return entityManager
        .createNamedQuery(VibecodeRun.ABANDONED, VibecodeRun.class)
        .setParameter("restarted", restarted ? me : "")
        .setParameter("now", now)
        .getResultList();
  }

  /** Whether this instance took the abandoned run over (to fail it); false when another did. */
  public boolean takeOver(String runId, String me, boolean restarted, Instant now, Instant until) {
    return entityManager
            .createNamedQuery(VibecodeRun.TAKE_OVER)
            .setParameter("me", me)
            .setParameter("restarted", restarted ? me : "")
            .setParameter("until", until)
            .setParameter("id", runId)
            .setParameter("now", now)
            .executeUpdate()
        == 1;
  }

  /**
   * Extends the lease of a run the owner works on; false when the run is no longer the owner's
   * (another instance took it over) or no longer working.
   */
  public boolean renew(String runId, String owner, Instant until) {
    return entityManager
            .createNamedQuery(VibecodeRun.RENEW)
            .setParameter("id", runId)
            .setParameter("owner", owner)
            .setParameter("until", until)
            .executeUpdate()
        == 1;
  }
}
