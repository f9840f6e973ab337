package dev.vibegrapher.platform.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready once asked to stop: the load balancer sends new work to the other instances. */
@Readiness
@ApplicationScoped
public class StoppingHealth implements HealthCheck {

  @Inject GracefulStop stop;

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("stopping").status(!stop.isDraining()).build();
  }
}
