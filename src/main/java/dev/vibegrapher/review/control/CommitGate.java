package dev.vibegrapher.review.control;

import dev.vibegrapher.audit.entity.AuditAction;
import dev.vibegrapher.audit.entity.AuditEntry;
import dev.vibegrapher.client.identity.Person;
import dev.vibegrapher.client.review.DiffView;
import dev.vibegrapher.client.review.TestResult;
import dev.vibegrapher.git.entity.Author;
import dev.vibegrapher.platform.boundary.ProblemException;
import dev.vibegrapher.review.entity.DiffCommitted;
import dev.vibegrapher.review.entity.DiffStatusConflict;
import dev.vibegrapher.review.entity.DiffStep;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Lets changes to a project's git repository through until the server stops. The shutdown closes
 * the gate and waits for the changes in flight, so a commit let through before a stop (SIGTERM)
 * still ends, stored with its diff's row in one transaction, and gets its own answer; a change that
 * comes later is refused with 503.
 */
@ApplicationScoped
public class CommitGate {

  private static final Logger LOG = Logger.getLogger(CommitGate.class.getName());

  /** Well under the time a platform allows for a stop (Fly's kill_timeout, Docker's 10 s). */
  private static final long DRAIN_SECONDS = 8;

  /**
   * What finishing a commit needs after git has it, loaded at start: a commit that ends while the
   * server stops may find the application's class loader refusing new classes
   * (NoClassDefFoundError, seen on SIGTERM), and would then answer 500 for a commit that is done.
   */
  static final List<Class<?>> NEEDED_TO_FINISH_A_COMMIT =
      List.of(
          CodeChanged.class,
          DiffUpdated.class,
          DiffCommitted.class,
          DiffView.class,
          DiffViews.class,
          TestResult.class,
          Person.class,
          Author.class,
          AuditEntry.class,
          AuditAction.class,
          AuditText.class,
          DiffStep.class,
          DiffStatusConflict.class,
          CoderTrailer.class);

  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private volatile boolean closed;
  private boolean drained;

  void loadAtStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
    LOG.fine(
        () ->
            NEEDED_TO_FINISH_A_COMMIT.size() + " classes loaded for finishing commits at shutdown");
  }

  /** Runs the change unless the server is stopping. */
  <T> T through(Supplier<T> change) {
    // tryLock: once the shutdown holds the write lock (or waits for it), nothing new gets in.
    if (closed || !lock.readLock().tryLock()) {
      throw stopping();
    }
    try {
      if (closed) {
        throw stopping();
      }
      return change.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * The normal way: as the REST layer is taken down (ShutdownDrain), before it stops answering, so
   * a commit let through still gets its own reply.
   */
  public synchronized void closeAndDrain() {
    if (drained) {
      return;
    }
    drained = true;
    closed = true;
    try {
      // Never released: the server is going away.
      if (!lock.writeLock().tryLock(DRAIN_SECONDS, TimeUnit.SECONDS)) {
        LOG.warning(
            "A commit was still running after "
                + DRAIN_SECONDS
                + " s of shutdown; its transaction ends with the server");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The last resort, where the REST layer's shutdown was not seen (a deployment without it). */
  void close(
      @Observes
          @Priority(Interceptor.Priority.APPLICATION)
          @BeforeDestroyed(ApplicationScoped.class)
          Object stopping) {
    closeAndDrain();
  }

  private static ProblemException stopping() {
    return new ProblemException(
        Response.Status.SERVICE_UNAVAILABLE,
        "shutting-down",
        "The server is stopping; nothing was committed. Try again in a moment.",
        Map.of());
  }
}
