package dev.vibegrapher.platform.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Cache;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.function.Consumer;

/**
 * Keeps the shared cache from serving rows the database deleted by cascade. Evicting inside the
 * deleting transaction is not enough: a read on another thread before the commit still sees the
 * rows and can put them back in the cache, where they would outlive the commit (found by ReviewIT,
 * a commit racing a session's deletion). So the eviction is done again once the transaction ends.
 */
@ApplicationScoped
public class CascadedDeletes {

  @Resource TransactionSynchronizationRegistry transactions;

  public void evict(EntityManager em, Consumer<Cache> eviction) {
    Cache cache = em.getEntityManagerFactory().getCache();
    eviction.accept(cache);
    transactions.registerInterposedSynchronization(
        new Synchronization() {
          @Override
          public void beforeCompletion() {}

          @Override
          public void afterCompletion(int status) {
            eviction.accept(cache);
          }
        });
  }
}
