package dev.vibegrapher.platform.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Live while the application answers at all; its version rides along for operators. A start-up that
 * failed (migrations, seeding) will not recover by waiting, so it reports down: the platform
 * restarts the instance, as it would had the deployment failed.
 */
@Liveness
@ApplicationScoped
public class ApplicationLiveness implements HealthCheck {

  @Inject BuildInfo build;
  @Inject DatabaseMigrations startUp;

  @Override
  public HealthCheckResponse call() {
    var response = HealthCheckResponse.named("vibegrapher").withData("version", build.version());
    return startUp.hasFailed()
        ? response.down().withData("reason", DatabaseHealth.START_UP_FAILED).build()
        : response.up().build();
  }
}
