package dev.vibegrapher.platform.control;

import java.util.Optional;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Which data source every piece of database work goes through (JPA, the Flyway migrations, the
 * readiness check). By default the application's own, {@value #OWN}, whose pool the application
 * defines ({@link DatabaseMigrations}) and whose connections {@link ConfiguredDataSource} makes
 * from DATABASE_URL. With VIBEGRAPHER_DATASOURCE, a JDBC resource the server owns instead: the JNDI
 * name of a resource an operator created (asadmin create-jdbc-connection-pool and
 * create-jdbc-resource, docs/deployment.md). persistence.xml names the same choice through Payara's
 * variable substitution in deployment descriptors, {@code ${MPCONFIG=...}}, which reads the same
 * key.
 */
public final class DatabaseChoice {

  /** The application's own data source, defined by {@link DatabaseMigrations}. */
  public static final String OWN = "java:app/jdbc/vibegrapher";

  /** The key; persistence.xml names it too. */
  static final String KEY = "vibegrapher.datasource";

  private DatabaseChoice() {}

  /** The JNDI name of the server's JDBC resource to use; empty: the application's own. */
  public static Optional<String> serverResource() {
    return ConfigProvider.getConfig(DatabaseChoice.class.getClassLoader())
        .getOptionalValue(KEY, String.class)
        .map(String::strip)
        .filter(name -> !name.isEmpty());
  }

  /**
   * The server's JDBC resource of that name. A global JNDI name, so it can be looked up from any
   * thread of the server, the migrations' own included.
   */
  public static DataSource serverDataSource(String name) {
    try {
      Object found = new InitialContext().lookup(name);
      if (found instanceof DataSource dataSource) {
        return dataSource;
      }
      throw new IllegalStateException(
          "VIBEGRAPHER_DATASOURCE names " + name + ", which is no DataSource but a " + found);
    } catch (NamingException e) {
      throw new IllegalStateException(
          "VIBEGRAPHER_DATASOURCE names "
              + name
              + ", but the server has no JDBC resource of that name"
              + " (asadmin create-jdbc-resource, docs/deployment.md)",
          e);
    }
  }
}
