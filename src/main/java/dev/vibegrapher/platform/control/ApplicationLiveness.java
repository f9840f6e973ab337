package dev.vibegrapher.platform.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Live while the application answers at all; its version rides along for operators. */
@Liveness
@ApplicationScoped
public class ApplicationLiveness implements HealthCheck {

  @Inject BuildInfo build;

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("vibegrapher").withData("version", build.version()).up().build();
  }
}
