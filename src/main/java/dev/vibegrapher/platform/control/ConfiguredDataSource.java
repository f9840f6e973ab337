package dev.vibegrapher.platform.control;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The DataSource behind the container's connection pool and behind Flyway. Payara resolves
 * {@code @DataSourceDefinition} values before an application's config is available, so this class
 * reads DATABASE_URL and the data directory through MicroProfile Config itself when the first
 * connection is asked for. By then, as on the migrations' own thread, the application's config
 * holds its microprofile-config.properties, so the data directory's default is read from there like
 * every other.
 */
public class ConfiguredDataSource implements DataSource {

  private volatile Connector connector;
  private int loginTimeout;

  private record Connector(Driver driver, String url, Properties properties) {}

  public static DatabaseSettings settings() {
    Config config = ConfigProvider.getConfig(ConfiguredDataSource.class.getClassLoader());
    Path dataDirectory = Path.of(config.getValue("vibegrapher.data-dir", String.class));
    return DatabaseSettings.from(
        config.getOptionalValue("database.url", String.class), dataDirectory);
  }

  @Override
  public Connection getConnection() throws SQLException {
    Connector current = connector();
    Connection connection = current.driver().connect(current.url(), current.properties());
    if (connection == null) {
      throw new SQLException("No driver accepts " + settings().describe());
    }
    return connection;
  }

  private Connector connector() {
    Connector current = connector;
    if (current == null) {
      DatabaseSettings settings = settings();
      Properties properties = new Properties();
      if (settings.user() != null) {
        properties.setProperty("user", settings.user());
      }
      if (settings.password() != null) {
        properties.setProperty("password", settings.password());
      }
      Driver driver = settings.isPostgres() ? new org.postgresql.Driver() : new org.h2.Driver();
      current = new Connector(driver, settings.jdbcUrl(), properties);
      connector = current;
    }
    return current;
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return getConnection();
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {}

  @Override
  public void setLoginTimeout(int seconds) {
    loginTimeout = seconds;
  }

  @Override
  public int getLoginTimeout() {
    return loginTimeout;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new SQLException("Not a wrapper of " + type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return type.isInstance(this);
  }
}
