package dev.vibegrapher.platform.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the start-up work (migrations, seeding, ...) is done and the database answers. Its
 * data says whose data source that is ({@code datasource}: {@code application}, or {@code server}
 * for a JDBC resource the server owns, VIBEGRAPHER_DATASOURCE) and which database ({@code kind}).
 */
@Readiness
@ApplicationScoped
public class DatabaseHealth implements HealthCheck {

  static final String START_UP_FAILED = "start-up failed (the server log says why)";
  private static final Logger LOG = Logger.getLogger(DatabaseHealth.class.getName());

  @Inject ApplicationDataSource dataSource;

  @Inject DatabaseMigrations migrations;
  @Inject BuildInfo build;

  @Override
  public HealthCheckResponse call() {
    Optional<String> serverResource = DatabaseChoice.serverResource();
    var response =
        HealthCheckResponse.named("database")
            .withData("version", build.version())
            .withData("datasource", serverResource.isPresent() ? "server" : "application");
    if (serverResource.isEmpty()) {
      response.withData("kind", ConfiguredDataSource.settings().isPostgres() ? "postgresql" : "h2");
    }
    if (!migrations.isStarted()) {
      String reason =
          migrations.hasFailed()
              ? START_UP_FAILED
              : "starting: migrations and seeding have not finished";
      return response.down().withData("reason", reason).build();
    }
    try (Connection connection = dataSource.get().getConnection()) {
      if (serverResource.isPresent()) {
        // What the operator's pool connects to is known only from the database itself.
        response.withData(
            "kind", connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT));
      }
      return response.status(connection.isValid(2)).build();
    } catch (SQLException | IllegalStateException e) {
      // A driver's message can quote the connection string: the log gets it, the health data a
      // status.
      LOG.log(Level.WARNING, "The database does not answer the readiness check", e);
      return response.down().withData("reason", "the database does not answer").build();
    }
  }
}
