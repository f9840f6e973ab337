package dev.vibegrapher.platform.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * A database connection kept open for as long as its user likes, such as one that waits for
 * PostgreSQL's notifications. With the application's own data source it is a connection of its own,
 * outside the pool, so a long wait takes nothing from the requests. With the server's JDBC resource
 * (VIBEGRAPHER_DATASOURCE) only the pool can connect: it is one of the pool's connections.
 */
@ApplicationScoped
public class DedicatedConnections {

  /** False when the database is known to be H2 (the application's own, on H2). */
  public boolean mayBePostgres() {
    return DatabaseChoice.serverResource().isPresent()
        || ConfiguredDataSource.settings().isPostgres();
  }

  public Connection open() throws SQLException {
    Optional<String> serverResource = DatabaseChoice.serverResource();
    if (serverResource.isPresent()) {
      return DatabaseChoice.serverDataSource(serverResource.get()).getConnection();
    }
    return new ConfiguredDataSource().getConnection();
  }
}
