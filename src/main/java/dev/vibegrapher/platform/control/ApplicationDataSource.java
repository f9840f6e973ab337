package dev.vibegrapher.platform.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The data source the persistence unit uses ({@link DatabaseChoice}), for work done with JDBC
 * beside it: inside a transaction its connection is the transaction's, so such work commits with
 * the entities beside it.
 */
@ApplicationScoped
public class ApplicationDataSource {

  /** Injected either way; its pool opens only when used, so never with the server's resource. */
  @Resource(lookup = DatabaseChoice.OWN)
  DataSource own;

  private volatile DataSource server;

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
