package dev.vibegrapher.session.control;

import dev.vibegrapher.platform.boundary.ProblemException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The cap on runs per caller ({@code vibegrapher.runs.max-per-caller}), the one owner of the rule:
 * one caller cannot take every run slot (and the LLM budget with it) from the others, through one
 * instance or many. The database decides: at a run's start, holding its project, the caller's
 * working runs on all instances are counted with the caller held ({@link
 * SessionStore#holdRunStartsOf}), so two starts of one caller in two projects, which hold different
 * projects, still take turns. This instance's own count ({@link RunsPerCaller}, a slot taken
 * without waiting, before the project for a message, inside it for a rejection's new attempt)
 * refuses first, without a query or a lock; on H2, one instance's database, it counts the starts in
 * flight too, so no lock is needed there.
 */
@ApplicationScoped
public class CallerRunLimit {

  @Inject SessionStore store;

  @Inject
  @ConfigProperty(name = "vibegrapher.runs.max-per-caller")
  int maxRunsPerCaller;

  private RunsPerCaller local;

  @PostConstruct
  void configure() {
    local = new RunsPerCaller(maxRunsPerCaller);
  }

  int max() {
    return local.max();
  }

  /** Takes one of the caller's slots on this instance; 429 when all are in use here already. */
  void take(String callerSubject) {
    if (!local.take(callerSubject)) {
      throw tooManyRuns();
    }
  }

  /** Gives back a slot taken before; once for each take that succeeded. */
  void give(String callerSubject) {
    local.give(callerSubject);
  }

  /**
   * In the transaction holding the run's project, before the run's row is added: 429 when the
   * caller has as many runs working as they may, on all instances together. A run whose lease ran
   * out (its instance died) is not counted while it waits to be failed (RunRecovery).
   */
  void requireRoom(String callerSubject) {
    store.holdRunStartsOf(callerSubject);
    if (store.workingFor(callerSubject, Instant.now()) >= local.max()) {
      throw tooManyRuns();
    }
  }

  private ProblemException tooManyRuns() {
    return new ProblemException(
        Response.Status.TOO_MANY_REQUESTS,
        "too-many-runs",
        "You have "
            + local.max()
            + " runs working already, as many as one caller may (VIBEGRAPHER_RUNS_MAX_PER_CALLER); send this once one of them has ended.",
        Map.of("max_runs_per_caller", local.max()));
  }
}
