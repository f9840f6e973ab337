package dev.vibegrapher.session.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Which session has a run working right now on this instance: at most one per session. */
@ApplicationScoped
public class ActiveRuns {

  private final ConcurrentMap<String, String> runBySession = new ConcurrentHashMap<>();

  /** Claims the session for a run; empty when claimed, or the run that already holds it. */
  Optional<String> claim(String sessionId, String runId) {
    return Optional.ofNullable(runBySession.putIfAbsent(sessionId, runId));
  }

  void release(String sessionId, String runId) {
    runBySession.remove(sessionId, runId);
  }

  public Optional<String> current(String sessionId) {
    return Optional.ofNullable(runBySession.get(sessionId));
  }
}
