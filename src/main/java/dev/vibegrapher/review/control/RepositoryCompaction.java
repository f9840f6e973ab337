package dev.vibegrapher.review.control;

import dev.vibegrapher.git.control.GitRepositories;
import dev.vibegrapher.review.entity.DiffCommitted;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Each commit adds a pack to its project's repository; once it has many, they are compacted into
 * one, in the background after the commit has been stored, so that reads stay fast as history
 * grows. Nobody waits for it, and a compaction that fails is tried again after a later commit. One
 * repository is compacted once at a time on this instance: two commits in quick succession would
 * otherwise both compact it, each rewriting every object for nothing; the later one skips instead.
 */
@ApplicationScoped
public class RepositoryCompaction {

  private static final Logger LOG = Logger.getLogger(RepositoryCompaction.class.getName());

  @Inject GitRepositories git;

  private final Set<String> compacting = ConcurrentHashMap.newKeySet();

  @Resource(lookup = "java:comp/DefaultManagedExecutorService")
  ManagedExecutorService executor;

  void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) DiffCommitted committed) {
    try {
      executor.execute(() -> compact(committed.projectId()));
    } catch (RejectedExecutionException busy) {
      LOG.fine(() -> "No compaction of " + committed.projectId() + " now: the executor is busy");
    }
  }

  void compact(String repository) {
    if (!compacting.add(repository)) {
      LOG.fine(() -> "Repository " + repository + " is being compacted already");
      return;
    }
    try {
      if (git.compactWhenMany(repository)) {
        LOG.fine(() -> "Compacted the packs of repository " + repository);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Compacting repository " + repository + " failed", e);
    } finally {
      compacting.remove(repository);
    }
  }
}
