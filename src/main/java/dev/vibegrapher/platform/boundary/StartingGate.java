package dev.vibegrapher.platform.boundary;

import dev.vibegrapher.platform.control.DatabaseMigrations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;

/**
 * The API is deployed before the start-up work (migrations, seeding) is done, which runs beside the
 * rest of the deployment: until then every request gets 503, as /health/ready says.
 */
@Provider
@PreMatching
@ApplicationScoped
public class StartingGate implements ContainerRequestFilter {

  @Inject DatabaseMigrations startUp;

  @Override
  public void filter(ContainerRequestContext request) {
    if (!startUp.isStarted()) {
      throw starting();
    }
  }

  /** What a request gets before the start-up work is done, here or from the authentication. */
  public static ProblemException starting() {
    return new ProblemException(
        Response.Status.SERVICE_UNAVAILABLE,
        "starting",
        "The server is starting (or its start failed: see /health/ready); try again shortly.",
        Map.of());
  }
}
