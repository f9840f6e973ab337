package dev.vibegrapher.identity.entity;

import java.security.Principal;
import java.time.Instant;
import java.util.Optional;

/**
 * The authenticated caller as the container carries it from the authentication to the resources and
 * WebSocket sessions, with the moment its credential stops holding.
 */
public record CallerPrincipal(Caller caller, Optional<Instant> expiresAt) implements Principal {

  @Override
  public String getName() {
    return caller.subject();
  }
}
