package dev.vibegrapher.session.control;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * How many runs each caller has working, capped: one caller cannot take every run slot (and the LLM
 * budget with it) from the others. A caller appears only while a run of theirs works, so the map
 * holds no more entries than there are runs.
 */
final class RunsPerCaller {

  private final int max;
  private final ConcurrentMap<String, Integer> running = new ConcurrentHashMap<>();

  RunsPerCaller(int max) {
    if (max < 1) {
      throw new IllegalArgumentException(
          "vibegrapher.runs.max-per-caller must be at least 1, not " + max);
    }
    this.max = max;
  }

  int max() {
    return max;
  }

  /** Takes one of the caller's slots; false, taking none, when all are in use. */
  boolean take(String callerSubject) {
    boolean[] taken = {false};
    running.compute(
        callerSubject,
        (caller, count) -> {
          int now = count == null ? 0 : count;
          taken[0] = now < max;
          return taken[0] ? now + 1 : count;
        });
    return taken[0];
  }

  /** Gives back a slot taken before; once for each take that returned true. */
  void give(String callerSubject) {
    running.computeIfPresent(callerSubject, (caller, count) -> count == 1 ? null : count - 1);
  }

  int running(String callerSubject) {
    return running.getOrDefault(callerSubject, 0);
  }
}
