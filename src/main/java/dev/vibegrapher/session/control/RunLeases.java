package dev.vibegrapher.session.control;

import dev.vibegrapher.platform.control.InstanceIdentity;
import dev.vibegrapher.session.entity.VibecodeRun;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A run is this instance's while it renews the run's lease, every third of
 * VIBEGRAPHER_RUNS_LEASE_SECONDS: an instance that dies stops renewing, and once the lease has run
 * out any instance sharing the database may fail the run (RunRecovery). Instances' clocks are
 * compared, so they must agree to well within the lease (NTP does).
 */
@ApplicationScoped
public class RunLeases {

  @Inject InstanceIdentity instance;

  @Inject
  @ConfigProperty(name = "vibegrapher.runs.lease-seconds")
  int leaseSeconds;

  /** A new run of the caller in the session, held by this instance. */
  VibecodeRun newRun(String sessionId, String callerSubject) {
    return new VibecodeRun(sessionId, callerSubject, owner(), Instant.now().plus(lease()));
  }

  /** Its lease counted from now, when the run is about to be stored. */
  void startsNow(VibecodeRun run) {
    run.leaseUntil(Instant.now().plus(lease()));
  }

  String owner() {
    return instance.id();
  }

  Duration lease() {
    return Duration.ofSeconds(Math.max(3, leaseSeconds));
  }

  /** How often leases are renewed and abandoned runs looked for. */
  Duration renewal() {
    return lease().dividedBy(3);
  }
}
