package dev.vibegrapher.platform.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Which database the persistence unit talks to, for the few statements written per dialect (row
 * locks, upserts, notifications). Asked of the connection itself: the data source may be the
 * server's (VIBEGRAPHER_DATASOURCE), whose URL the application never sees.
 */
@ApplicationScoped
public class DatabaseKind {

  private volatile Boolean postgres;

  /** Inside a transaction, where the entity manager's connection is the transaction's. */
  public boolean isPostgres(EntityManager em) {
    Boolean known = postgres;
    if (known == null) {
      try {
        known =
            em.unwrap(Connection.class)
                .getMetaData()
                .getDatabaseProductName()
                .toLowerCase(Locale.ROOT)
                .contains("postgres");
      } catch (SQLException e) {
        throw new IllegalStateException("The database does not say what it is", e);
      }
      postgres = known;
    }
    return known;
  }
}
