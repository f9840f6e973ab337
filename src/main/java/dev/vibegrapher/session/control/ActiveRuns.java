package dev.vibegrapher.session.control;

import dev.vibegrapher.platform.boundary.ProblemException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * Which session has a run working right now on this instance: at most one per session, and each run
 * holding one of its caller's slots here ({@link CallerRunLimit}, which also counts the caller's
 * runs in the database). (Across instances, one run per session is the database's, checked while
 * holding the project: {@link RunService}.) A run's end is recorded once: by its own thread, or by
 * the shutdown if the server stops first. Its claims are released together, however it ends; a
 * restart starts with none.
 */
@ApplicationScoped
public class ActiveRuns {

  /** A claim: the run, the caller whose slot it holds, whether its end is recorded. */
  private record ActiveRun(String runId, String callerSubject, AtomicBoolean ended) {}

  private final ConcurrentMap<String, ActiveRun> runBySession = new ConcurrentHashMap<>();
  private volatile boolean stopping;

  @Inject CallerRunLimit perCaller;

  // At start (RunRecovery asks for the working runs then): a limit below 1 fails the start, not
  // the first message.
  @PostConstruct
  void configure() {
    perCaller.max();
  }

  /**
   * Claims the session and one of the caller's run slots for a run; empty when claimed, or the run
   * that already holds the session. 429 when the caller has as many runs working on this instance
   * as they may; 503 once the server is stopping.
   */
  Optional<String> claim(String sessionId, String runId, String callerSubject) {
    refuseWhenStopping();
    // The caller's slot first: a refused claim then holds nothing another caller could trip on
    // (a session held for a moment would make a concurrent deletion of it fail with 409).
    perCaller.take(callerSubject);
    ActiveRun holder =
        runBySession.putIfAbsent(
            sessionId, new ActiveRun(runId, callerSubject, new AtomicBoolean()));
    if (holder != null) {
      perCaller.give(callerSubject);
      return Optional.of(holder.runId());
    }
    // Checked again after claiming: stop() either sees this claim or this check sees stop().
    if (stopping) {
      release(sessionId, runId);
      refuseWhenStopping();
    }
    return Optional.empty();
  }

  /** True for exactly one caller per run: the one that records how the run ended. */
  boolean end(String sessionId, String runId) {
    ActiveRun run = runBySession.get(sessionId);
    return run != null && run.runId().equals(runId) && run.ended().compareAndSet(false, true);
  }

  /**
   * Whether the run's end was already recorded by someone else (the shutdown): its thread should
   * stop.
   */
  boolean ended(String sessionId, String runId) {
    ActiveRun run = runBySession.get(sessionId);
    return run == null || !run.runId().equals(runId) || run.ended().get();
  }

  /**
   * Frees the session and the caller's slot, once: later calls for the same run find nothing to
   * free.
   */
  void release(String sessionId, String runId) {
    ActiveRun run = runBySession.get(sessionId);
    if (run != null && run.runId().equals(runId) && runBySession.remove(sessionId, run)) {
      perCaller.give(run.callerSubject());
    }
  }

  /** Refuses new runs from now on and returns the working ones, run id by session id. */
  Map<String, String> stop() {
    stopping = true;
    return working();
  }

  /** The runs working on this instance now, run id by session id. */
  Map<String, String> working() {
    return runBySession.entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().runId()));
  }

  private void refuseWhenStopping() {
    if (stopping) {
      throw new ProblemException(
          Response.Status.SERVICE_UNAVAILABLE,
          "shutting-down",
          "The server is stopping; send the message again in a moment.",
          Map.of());
    }
  }
}
