package dev.vibegrapher.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * An app of its own whose database gives up waiting for a row lock after a second, on either
 * database, and a connection of the test's own to that database that can hold a row locked: a real
 * failure of one of the app's database steps, with nothing of ours mocked.
 *
 * <p>PostgreSQL: {@code lock_timeout} is set on the test database before the app connects. H2: the
 * app's embedded file database is opened with {@code AUTO_SERVER=TRUE}, so the test's process can
 * connect to it while the app holds it, and {@code LOCK_TIMEOUT=1000}.
 */
public final class LockTimeoutApp {

  private LockTimeoutApp() {}

  public static RunningApp prepare(
      String name, Flavor flavor, Map<String, String> extraEnvironment) {
    Map<String, String> environment = new HashMap<>(extraEnvironment);
    if (flavor == Flavor.H2) {
      environment.put(
          "DATABASE_URL", "jdbc:h2:file:" + h2File() + ";AUTO_SERVER=TRUE;LOCK_TIMEOUT=1000");
    }
    RunningApp app = RunningApp.prepare(name, flavor, environment);
    if (flavor == Flavor.POSTGRESQL) {
      TestDatabases.execute("ALTER DATABASE " + app.databaseName() + " SET lock_timeout = '1s'");
    }
    return app;
  }

  /** A connection to the app's database, outside the app, with auto-commit off. */
  public static Connection connect(RunningApp app, Flavor flavor) throws SQLException {
    String url = app.environment().get("DATABASE_URL");
    Connection connection =
        flavor == Flavor.H2
            ? DriverManager.getConnection(url, "", "")
            : new TestDatabases.Database(app.databaseName(), url, null, null).connect();
    connection.setAutoCommit(false);
    return connection;
  }

  /** Locks the row of {@code table} with this id until the connection's transaction ends. */
  public static void lockRow(Connection connection, String table, String id) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT id FROM " + table + " WHERE id = ? FOR UPDATE")) {
      select.setString(1, id);
      select.executeQuery().close();
    }
  }

  private static Path h2File() {
    try {
      return Files.createTempDirectory("vibegrapher-it-h2-")
          .resolve("vibegrapher")
          .toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
