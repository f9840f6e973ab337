package dev.vibegrapher.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * PostgreSQL databases for the tests, created and dropped by them: on the server named by
 * VIBEGRAPHER_TEST_DATABASE_URL (a jdbc:postgresql URL whose user may create databases), or else on
 * an embedded PostgreSQL the tests start themselves. When neither is possible it fails loudly.
 */
public final class TestDatabases {

  public record Database(String name, String jdbcUrl, String user, String password) {
    /** The same database in the postgres://user:pass@host:port/db form that Fly.io uses. */
    public String uriForm() {
      String hostPortDb = jdbcUrl.substring("jdbc:postgresql://".length()).replaceAll("\\?.*$", "");
      String credentials =
          user + (password == null || password.isEmpty() ? "" : ":" + password) + "@";
      return "postgres://" + credentials + hostPortDb;
    }

    /** The DATABASE_URL the application is started with: the JDBC URL naming its user. */
    public String applicationUrl() {
      return jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "user=" + user;
    }

    public Connection connect() throws SQLException {
      return DriverManager.getConnection(jdbcUrl, user, password);
    }
  }

  private static String adminUrl;
  private static String adminUser;
  private static String adminPassword;
  private static EmbeddedPostgres embedded;

  private TestDatabases() {}

  public static synchronized Database create() {
    ensureServer();
    String name =
        "vibegrapher_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    execute("CREATE DATABASE " + name);
    String url = adminUrl.replaceFirst("(jdbc:postgresql://[^/?]+/)[^?]*", "$1" + name);
    return new Database(name, url, adminUser, adminPassword);
  }

  public static synchronized void drop(Database database) {
    execute("DROP DATABASE IF EXISTS " + database.name() + " WITH (FORCE)");
  }

  public static synchronized void execute(String sql) {
    try (Connection connection = DriverManager.getConnection(adminUrl, adminUser, adminPassword);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL for the tests: " + sql + " failed", e);
    }
  }

  private static void ensureServer() {
    if (adminUrl != null) {
      return;
    }
    String configured = System.getenv("VIBEGRAPHER_TEST_DATABASE_URL");
    if (configured != null && !configured.isBlank()) {
      adminUrl = configured.strip();
      adminUser = System.getenv().getOrDefault("VIBEGRAPHER_TEST_DATABASE_USER", "postgres");
      adminPassword = System.getenv().getOrDefault("VIBEGRAPHER_TEST_DATABASE_PASSWORD", "");
      return;
    }
    if ("root".equals(System.getProperty("user.name"))) {
      throw new IllegalStateException(
          "\n*** The PostgreSQL integration tests cannot run: VIBEGRAPHER_TEST_DATABASE_URL is not set,"
              + " and the embedded PostgreSQL refuses to run as root. Set VIBEGRAPHER_TEST_DATABASE_URL"
              + " (e.g. jdbc:postgresql://127.0.0.1:5432/postgres) or run as another user. ***\n");
    }
    try {
      embedded = EmbeddedPostgres.builder().start();
      Runtime.getRuntime().addShutdownHook(new Thread(TestDatabases::closeEmbedded));
    } catch (IOException e) {
      throw new IllegalStateException(
          "\n*** The embedded PostgreSQL for the tests did not start ***\n", e);
    }
    adminUrl = embedded.getJdbcUrl("postgres", "postgres");
    adminUser = "postgres";
    adminPassword = "";
  }

  private static void closeEmbedded() {
    try {
      embedded.close();
    } catch (IOException e) {
      System.err.println("Embedded PostgreSQL did not close: " + e);
    }
  }
}
