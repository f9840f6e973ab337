package dev.vibegrapher.platform.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The data source the persistence unit uses ({@link DatabaseChoice}), for work done with JDBC
 * beside it: {@link #besideEntities()} hands out the entity manager's connection inside a
 * transaction, so such work commits with the entities beside it.
 */
@ApplicationScoped
public class ApplicationDataSource {

  /** Injected either way; its pool opens only when used, so never with the server's resource. */
  @Resource(lookup = DatabaseChoice.OWN)
  DataSource own;

  private volatile DataSource server;

  @PersistenceContext EntityManager entityManager;
  @Resource TransactionSynchronizationRegistry transactions;

  /**
   * For JDBC work beside the entities: inside a transaction the entity manager's own connection
   * ({@link TransactionConnections}), so the work takes no second connection and commits with them.
   */
  public DataSource besideEntities() {
    return new TransactionConnections(get(), entityManager, transactions);
  }

  /** Whether it is the server's JDBC resource (VIBEGRAPHER_DATASOURCE) rather than our own. */
  public boolean isServers() {
    return DatabaseChoice.serverResource().isPresent();
  }

  public DataSource get() {
    Optional<String> serverResource = DatabaseChoice.serverResource();
    if (serverResource.isEmpty()) {
      return own;
    }
    DataSource cached = server;
    if (cached == null) {
      cached = DatabaseChoice.serverDataSource(serverResource.get());
      server = cached;
    }
    return cached;
  }
}
