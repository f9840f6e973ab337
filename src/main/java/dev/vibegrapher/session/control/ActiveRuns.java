package dev.vibegrapher.session.control;

import dev.vibegrapher.platform.boundary.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * Which session has a run working right now on this instance: at most one per session. A run's
 * end is recorded once: by its own thread, or by the shutdown if the server stops first.
 */
@ApplicationScoped
public class ActiveRuns {

  private record ActiveRun(String runId, AtomicBoolean ended) {}

  private final ConcurrentMap<String, ActiveRun> runBySession = new ConcurrentHashMap<>();
  private volatile boolean stopping;

  /** Claims the session for a run; empty when claimed, or the run that already holds it. 503 once the server is stopping. */
  Optional<String> claim(String sessionId, String runId) {
    refuseWhenStopping();
    ActiveRun holder = runBySession.putIfAbsent(sessionId, new ActiveRun(runId, new AtomicBoolean()));
    if (holder != null) {
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

  /** Whether the run's end was already recorded by someone else (the shutdown): its thread should stop. */
  boolean ended(String sessionId, String runId) {
    ActiveRun run = runBySession.get(sessionId);
    return run == null || !run.runId().equals(runId) || run.ended().get();
  }

  void release(String sessionId, String runId) {
    runBySession.computeIfPresent(sessionId, (session, run) -> run.runId().equals(runId) ? null : run);
  }

  public Optional<String> current(String sessionId) {
    return Optional.ofNullable(runBySession.get(sessionId)).map(ActiveRun::runId);
  }

  /** Refuses new runs from now on and returns the working ones, run id by session id. */
  Map<String, String> stop() {
    stopping = true;
    return runBySession.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().runId()));
  }

  private void refuseWhenStopping() {
    if (stopping) {
      throw new ProblemException(Response.Status.SERVICE_UNAVAILABLE, "shutting-down",
          "The server is stopping; send the message again in a moment.", Map.of());
    }
  }
}
