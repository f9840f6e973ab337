package dev.vibegrapher.git.control;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGConnectionPoolDataSource;

/**
 * The databases the repository storage tests run on, each fresh and migrated by the real
 * migrations: H2 in memory always, and a schema of its own on the PostgreSQL server named by
 * VIBEGRAPHER_TEST_DATABASE_URL (user VIBEGRAPHER_TEST_DATABASE_USER) when that is set. Without it
 * there are no PostgreSQL cases at all, rather than skipped ones: these are unit tests, and the
 * integration tests already report a left-out PostgreSQL.
 */
final class StorageDatabases {

  /** A kind of database; each {@link #create} makes a new, empty, migrated one. */
  interface Engine {
    TestDatabase create();
  }

  /** A database of one test, dropped when the test ends. */
  record TestDatabase(DataSource dataSource, String dropStatement, Runnable afterwards)
      implements AutoCloseable {
    @Override
    public void close() throws SQLException {
      try (Connection connection = dataSource.getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute(dropStatement);
      } finally {
        afterwards.run();
      }
    }
  }

  private StorageDatabases() {}

  static Stream<Engine> all() {
    List<Engine> engines = new ArrayList<>();
    engines.add(named("H2", StorageDatabases::h2));
    String url = System.getenv("VIBEGRAPHER_TEST_DATABASE_URL");
    if (url != null && !url.isBlank()) {
      engines.add(named("PostgreSQL", () -> postgreSql(url.strip())));
    }
    return engines.stream();
  }

  private static Engine named(String name, Engine engine) {
    return new Engine() {
      @Override
      public TestDatabase create() {
        return engine.create();
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }

  private static TestDatabase h2() {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:storage_" + uniqueSuffix() + ";DB_CLOSE_DELAY=-1");
    dataSource.setUser("sa");
    migrate(dataSource, null);
    return new TestDatabase(dataSource, "SHUTDOWN", () -> {});
  }

  private static TestDatabase postgreSql(String url) {
    String user = System.getenv().getOrDefault("VIBEGRAPHER_TEST_DATABASE_USER", "postgres");
    String password = System.getenv().getOrDefault("VIBEGRAPHER_TEST_DATABASE_PASSWORD", "");
    String schema = "vg_storage_" + uniqueSuffix();
    try (Connection connection = DriverManager.getConnection(url, user, password);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL for the storage tests: " + url, e);
    }
    // Pooled, as the application's data source is: a new PostgreSQL connection per statement
    // would make the tests measure connection set-up.
    PGConnectionPoolDataSource connections = new PGConnectionPoolDataSource();
    connections.setURL(url);
    connections.setUser(user);
    connections.setPassword(password);
    connections.setCurrentSchema(schema);
    JdbcConnectionPool dataSource = JdbcConnectionPool.create(connections);
    migrate(dataSource, schema);
    return new TestDatabase(dataSource, "DROP SCHEMA " + schema + " CASCADE", dataSource::dispose);
  }

  private static void migrate(DataSource dataSource, String schema) {
    var configuration =
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration");
    if (schema != null) {
      configuration.schemas(schema).defaultSchema(schema);
    }
    configuration.load().migrate();
  }

  private static String uniqueSuffix() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }
}
