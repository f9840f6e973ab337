package dev.vibegrapher.platform.control;

import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;

/**
 * Brings the schema up to date with the Flyway migrations before anything uses JPA, then tells the
 * features the database is ready. VIBEGRAPHER_RESET=true first drops everything.
 */
@DataSourceDefinition(
    name = DatabaseMigrations.DATA_SOURCE,
    className = "dev.vibegrapher.platform.control.ConfiguredDataSource",
    minPoolSize = 2,
    maxPoolSize = 32,
    transactional = true)
@ApplicationScoped
public class DatabaseMigrations {

  public static final String DATA_SOURCE = "java:app/jdbc/vibegrapher";
  private static final Logger LOG = Logger.getLogger(DatabaseMigrations.class.getName());

  @Inject
  @ConfigProperty(name = "vibegrapher.reset", defaultValue = "false")
  boolean reset;

  @Inject Event<DatabaseReady> ready;

  private volatile boolean migrated;

  void onStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
    DatabaseSettings settings = ConfiguredDataSource.settings();
    LOG.info(() -> "Database: " + settings.describe());
    Flyway flyway =
        Flyway.configure(DatabaseMigrations.class.getClassLoader())
            .dataSource(new ConfiguredDataSource())
            .locations("classpath:db/migration")
            .cleanDisabled(!reset)
            .load();
    if (reset) {
      LOG.warning("VIBEGRAPHER_RESET is set: dropping every table and project repository");
      flyway.clean();
    }
    int applied = flyway.migrate().migrationsExecuted;
    LOG.info(() -> "Database migrated, " + applied + " migration(s) applied");
    migrated = true;
    ready.fire(new DatabaseReady(reset));
  }

  public boolean isMigrated() {
    return migrated;
  }
}
