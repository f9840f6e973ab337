package dev.vibegrapher.sandbox.control;

import dev.vibegrapher.platform.boundary.ProblemException;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * Code was to run, but the sandbox cannot be set up here: 503 with what is missing; nothing ran.
 */
public class SandboxUnavailable extends ProblemException {

  public SandboxUnavailable(String reason) {
    super(
        Response.Status.SERVICE_UNAVAILABLE,
        "sandbox-unavailable",
        "Code from users and agents runs only in a sandbox, and the sandbox is unavailable on this server: "
            + reason
            + ".",
        Map.of("reason", reason));
  }
}
