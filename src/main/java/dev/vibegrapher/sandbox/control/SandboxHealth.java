package dev.vibegrapher.sandbox.control;

import dev.vibegrapher.sandbox.entity.SandboxState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when test code can run: in the sandbox, or without it where the operator switched it off
 * (then said in {@code mode}). Down with a short reason otherwise: an instance that would refuse
 * every test run takes no traffic.
 */
@Readiness
@ApplicationScoped
public class SandboxHealth implements HealthCheck {

  @Inject Sandbox sandbox;

  @Override
  public HealthCheckResponse call() {
    SandboxState state = sandbox.state();
    var response =
        HealthCheckResponse.named("sandbox")
            .withData("mode", state.enforced() ? "on" : "off")
            .status(state.usable());
    return state.reason().isEmpty()
        ? response.build()
        : response.withData("reason", state.reason()).build();
  }
}
