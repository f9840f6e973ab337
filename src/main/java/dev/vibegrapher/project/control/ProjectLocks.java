package dev.vibegrapher.project.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * This instance's part of {@link ProjectGuard}: one lock per project, taken before the project's
 * row in the database, so that work waiting for a project on this instance waits here, holding no
 * database connection.
 *
 * <p>A project's lock exists only while someone holds it or waits for it: the ids come from
 * clients, and a lock kept for every id ever asked about (a million deletions of random ids) would
 * grow without end.
 */
@ApplicationScoped
public class ProjectLocks {

  private static final class Entry {
    final ReentrantLock lock = new ReentrantLock();
    int users; // changed only inside the map's compute, which is atomic per key
  }

  private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();

  /** Runs the work holding the project's lock. */
  public <T> T locked(String projectId, Supplier<T> work) {
    Entry entry =
        entries.compute(
            projectId,
            (id, existing) -> {
              Entry used = existing == null ? new Entry() : existing;
              used.users++;
              return used;
            });
    entry.lock.lock();
    try {
      return work.get();
    } finally {
      entry.lock.unlock();
      entries.computeIfPresent(projectId, (id, used) -> --used.users == 0 ? null : used);
    }
  }

  public void locked(String projectId, Runnable work) {
    locked(
        projectId,
        () -> {
          work.run();
          return null;
        });
  }

  /** How many projects have a lock right now (held or awaited). */
  int size() {
    return entries.size();
  }

  // Payara's class loader refuses new classes once shutdown begins, when commits in flight still
  // need this one: loaded and linked at start.
  void loadAtStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
    locked("", () -> {});
  }
}
