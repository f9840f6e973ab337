package dev.vibegrapher.realtime.boundary;

import dev.vibegrapher.identity.entity.CallerPrincipal;
import dev.vibegrapher.realtime.control.Subscriber;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * A live connection lasts no longer than the token it was opened with: at the token's expiry the
 * WebSocket is closed with 1008 and the SSE stream ends, and the client reconnects with a fresh
 * one.
 */
@ApplicationScoped
public class CredentialExpiry {

  @Resource ManagedScheduledExecutorService scheduler;

  void watch(Subscriber subscriber, Principal principal) {
    if (principal instanceof CallerPrincipal caller) {
      caller
          .expiresAt()
          .ifPresent(
              expiry ->
                  scheduler.schedule(
                      subscriber::expire,
                      Math.max(0, Duration.between(Instant.now(), expiry).toMillis()),
                      TimeUnit.MILLISECONDS));
    }
  }
}
