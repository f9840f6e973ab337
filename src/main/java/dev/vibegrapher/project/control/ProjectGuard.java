package dev.vibegrapher.project.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.function.Supplier;

/**
 * The one coordination of a project, on this instance and across instances on one database. What
 * changes the project's repository, decides its diffs, adds or removes its sessions, test cases or
 * runs, or deletes it, runs {@link #holding} the project: one piece of work at a time per project,
 * whichever instance it came through, in one transaction that the work's stores join, so its rows
 * are written together or not at all.
 *
 * <p>Lock order, the only one: this instance's lock of the project ({@link ProjectLocks}, so that a
 * waiting thread holds no database connection), then the project's row in the database, held until
 * the transaction ends. Work holding a project never holds another project. What the work runs in a
 * transaction of its own (the event log's appends) must not lock the project's row: on PostgreSQL
 * the row is locked {@code FOR NO KEY UPDATE}, which still lets such a transaction add rows that
 * refer to the project.
 */
@ApplicationScoped
public class ProjectGuard {

  @Inject ProjectLocks locks;
  @Inject ProjectStore store;
  @Resource TransactionSynchronizationRegistry transactions;

  /** Runs the work holding the project; 404 when there is no such project (any more). */
  public <T> T holding(String projectId, Supplier<T> work) {
    return locks.locked(projectId, () -> store.withRowLocked(projectId, work));
  }

  public void holding(String projectId, Runnable work) {
    holding(
        projectId,
        () -> {
          work.run();
          return null;
        });
  }

  /**
   * Makes the transaction roll back whatever happens next: for an Error, which does not do so by
   * itself. Only while holding a project.
   */
  public void rollbackOnly() {
    transactions.setRollbackOnly();
  }

  /** Whether this thread holds a project (or is in any other transaction) right now. */
  public boolean inTransaction() {
    return transactions.getTransactionKey() != null;
  }

  /**
   * Runs {@code then} once the transaction has committed, {@code otherwise} if it does not: for
   * what must not start before the work's rows are visible to everyone (a run's thread, which
   * records into the rows the transaction adds). Neither may use the database: they run as the
   * transaction ends.
   */
  public void whenCommitted(Runnable then, Runnable otherwise) {
    afterwards(true, then);
    afterwards(false, otherwise);
  }

  private void afterwards(boolean whenCommitted, Runnable action) {
    transactions.registerInterposedSynchronization(
        new Synchronization() {
          @Override
          public void beforeCompletion() {}

          @Override
          public void afterCompletion(int status) {
            if ((status == Status.STATUS_COMMITTED) == whenCommitted) {
              action.run();
            }
          }
        });
  }
}
