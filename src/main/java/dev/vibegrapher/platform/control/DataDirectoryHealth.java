package dev.vibegrapher.platform.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the data directory, which holds the repositories, takes writes. Its path is the
 * operator's to know, not every prober's.
 */
@Readiness
@ApplicationScoped
public class DataDirectoryHealth implements HealthCheck {

  @Inject DataDirectory dataDirectory;
  @Inject BuildInfo build;

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("data-directory")
        .withData("version", build.version())
        .status(dataDirectory.isWritable())
        .build();
  }
}
