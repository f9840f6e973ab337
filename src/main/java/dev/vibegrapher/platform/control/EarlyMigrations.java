package dev.vibegrapher.platform.control;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.flywaydb.core.Flyway;

/**
 * Runs the Flyway migrations on a thread of their own from the moment CDI starts, so they run
 * beside the container's bean discovery and validation (several seconds of one core) rather than
 * after them. Flyway needs no container service: it talks to the database through a {@link
 * ConfiguredDataSource} of its own, as it always did, or through the server's JDBC resource when
 * VIBEGRAPHER_DATASOURCE names one ({@link DatabaseChoice}; a global JNDI name, which this thread
 * can look up). {@link DatabaseMigrations} waits for the result before it tells the features the
 * database is ready.
 */
public class EarlyMigrations implements Extension {

  private static final Logger LOG = Logger.getLogger(EarlyMigrations.class.getName());

  private final CompletableFuture<Integer> applied = new CompletableFuture<>();
  private volatile boolean reset;

  void start(@Observes BeforeBeanDiscovery discovery) {
    ClassLoader application = EarlyMigrations.class.getClassLoader();
    Thread thread =
        new Thread(
            () -> {
              Thread.currentThread().setContextClassLoader(application);
              try {
                applied.complete(migrate(application));
              } catch (RuntimeException | Error e) {
                // Any failure, an Error such as Flyway's ServiceConfigurationError included, must
                // reach awaitMigrated: a thread that just died would leave the start-up waiting.
                applied.completeExceptionally(e);
              }
            },
            "vibegrapher-migrations");
    thread.setDaemon(true);
    thread.start();
  }

  private int migrate(ClassLoader application) {
    Config config = ConfigProvider.getConfig(application);
    reset = config.getValue("vibegrapher.reset", Boolean.class);
    Flyway flyway =
        Flyway.configure(application)
            .dataSource(dataSource(config))
            .locations("classpath:db/migration")
            .cleanDisabled(!reset)
            .load();
    if (reset) {
      LOG.warning("VIBEGRAPHER_RESET is set: dropping every table and project repository");
      flyway.clean();
    }
    int count = flyway.migrate().migrationsExecuted;
    LOG.info(() -> "Database migrated, " + count + " migration(s) applied");
    return count;
  }

  /**
   * The server's JDBC resource when VIBEGRAPHER_DATASOURCE names one (the same one JPA uses,
   * through persistence.xml), else a {@link ConfiguredDataSource} of Flyway's own on DATABASE_URL.
   */
  private static DataSource dataSource(Config config) {
    Optional<String> resource = DatabaseChoice.serverResource();
    if (resource.isPresent()) {
      if (config.getOptionalValue("database.url", String.class).isPresent()) {
        throw new IllegalStateException(
            "VIBEGRAPHER_DATASOURCE and DATABASE_URL are both set: the server's JDBC resource "
                + resource.get()
                + " would hold the data, and DATABASE_URL would be ignored. Unset one of them.");
      }
      LOG.info(() -> "Database: the server's JDBC resource " + resource.get());
      return DatabaseChoice.serverDataSource(resource.get());
    }
    DatabaseSettings settings = ConfiguredDataSource.settings();
    LOG.info(() -> "Database: " + settings.describe());
    return new ConfiguredDataSource();
  }

  /** Waits for the migrations; rethrows their failure. Returns whether the data was reset. */
  boolean awaitMigrated() {
    applied.join();
    return reset;
  }
}
