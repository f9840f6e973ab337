package dev.vibegrapher.project.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.ArrayList;
import java.util.List;
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
 * the transaction ends; then, for a run's start only, the run's caller (the session feature's
 * CallerRunLimit). Work holding a project never holds another project, and nothing waits for a
 * project while holding a caller. What the work runs in a transaction of its own (the event log's
 * appends) must not lock the project's row: on PostgreSQL the row is locked {@code FOR NO KEY
 * UPDATE}, which still lets such a transaction add rows that refer to the project.
 */
@ApplicationScoped
public class ProjectGuard {

  @Inject ProjectLocks locks;
  @Inject ProjectStore store;
  @Resource TransactionSynchronizationRegistry transactions;

  /** What the outermost holder on this thread runs once its transaction has ended. */
  private static final class Afterwards {
    final List<Runnable> committed = new ArrayList<>();
    final List<Runnable> failed = new ArrayList<>();
  }

  private final ThreadLocal<Afterwards> afterwards = new ThreadLocal<>();

  /**
   * Runs the work holding the project; 404 when there is no such project (any more). Work that
   * holds a project while holding it already (a rejection starting a new attempt) joins the
   * outermost holder's transaction.
   */
  public <T> T holding(String projectId, Supplier<T> work) {
    if (afterwards.get() != null) {
      return locks.locked(projectId, () -> store.withRowLocked(projectId, work));
    }
    Afterwards mine = new Afterwards();
    afterwards.set(mine);
    T result;
    try {
      result = locks.locked(projectId, () -> store.withRowLocked(projectId, work));
    } catch (RuntimeException | Error failure) {
      afterwards.remove();
      runAll(mine.failed, failure);
      throw failure;
    }
    afterwards.remove();
    runAll(mine.committed, null);
    return result;
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
   * Runs {@code then} once the holder's transaction has committed, on this thread and outside the
   * transaction, or at once when no project is held; {@code otherwise} if it does not commit. For
   * what must follow the work's rows, not precede them: publishing what happened (a client that
   * reacts reads the rows as they are now, and nothing is published of work that was rolled back),
   * and starting a run's thread, which records into the rows the transaction adds.
   */
  public void afterCommit(Runnable then, Runnable otherwise) {
    Afterwards held = afterwards.get();
    if (held == null) {
      then.run();
      return;
    }
    held.committed.add(then);
    held.failed.add(otherwise);
  }

  public void afterCommit(Runnable then) {
    afterCommit(then, () -> {});
  }

  /**
   * Makes the transaction roll back whatever happens next: for an Error, which does not do so by
   * itself. Only while holding a project.
   */
  public void rollbackOnly() {
    transactions.setRollbackOnly();
  }

  // Every action runs even when one fails; the first failure is thrown after them (or added to the
  // work's own failure).
  private static void runAll(List<Runnable> actions, Throwable workFailed) {
    RuntimeException first = null;
    for (Runnable action : actions) {
      try {
        action.run();
      } catch (RuntimeException failure) {
        if (workFailed != null) {
          workFailed.addSuppressed(failure);
        } else if (first == null) {
          first = failure;
        } else {
          first.addSuppressed(failure);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
