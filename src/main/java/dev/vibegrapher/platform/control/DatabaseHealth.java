package dev.vibegrapher.platform.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the start-up work (migrations, seeding, ...) is done and the database answers. */
@Readiness
@ApplicationScoped
public class DatabaseHealth implements HealthCheck {

  static final String START_UP_FAILED = "start-up failed (the server log says why)";
  private static final Logger LOG = Logger.getLogger(DatabaseHealth.class.getName());

  @Resource(lookup = DatabaseMigrations.DATA_SOURCE)
  DataSource dataSource;

  @Inject DatabaseMigrations migrations;
  @Inject BuildInfo build;

  @Override
  public HealthCheckResponse call() {
    var response =
        HealthCheckResponse.named("database")
            .withData("version", build.version())
            .withData("kind", ConfiguredDataSource.settings().isPostgres() ? "postgresql" : "h2");
    if (!migrations.isStarted()) {
      String reason =
          migrations.hasFailed()
              ? START_UP_FAILED
              : "starting: migrations and seeding have not finished";
      return response.down().withData("reason", reason).build();
    }
    try (Connection connection = dataSource.getConnection()) {
      return response.status(connection.isValid(2)).build();
    } catch (SQLException e) {
      // A driver's message can quote the connection string: the log gets it, the health data a
      // status.
      LOG.log(Level.WARNING, "The database does not answer the readiness check", e);
      return response.down().withData("reason", "the database does not answer").build();
    }
  }
}
