package dev.vibegrapher.identity.control;

import dev.vibegrapher.identity.entity.Caller;
import dev.vibegrapher.identity.entity.CallerPrincipal;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Instant;
import java.util.Optional;

/**
 * The caller of a request, as the authentication left it, for a resource to hand to the services.
 */
public final class Callers {

  private Callers() {}

  public static Caller of(SecurityContext security) {
    if (security != null && security.getUserPrincipal() instanceof CallerPrincipal principal) {
      return principal.caller();
    }
    throw new NotAuthorizedException("Bearer");
  }

  /** When the credential of the request stops holding (empty: never). */
  public static Optional<Instant> expiry(SecurityContext security) {
    return security != null && security.getUserPrincipal() instanceof CallerPrincipal principal
        ? principal.expiresAt()
        : Optional.empty();
  }
}
