package dev.vibegrapher.session.control;

import dev.vibegrapher.agent.entity.Agent;
import java.util.function.LongSupplier;

/**
 * Joins a run's text deltas that arrive closer together than an interval into one
 * conversation_delta. An LLM streams a token or two per delta, dozens a second, and every delta
 * published is an event-log row and a frame to every dashboard, while a reader gains nothing from
 * more than a few updates a second. The first delta goes out at once; text held back goes out with
 * the next delta due, or before anything else of the run is published, so order is kept. Text of an
 * attempt that was abandoned (the call is retried) and not yet published is dropped: the new
 * attempt's text replaces it.
 */
final class DeltaBuffer {

  /** Receives the joined text. */
  interface Sink {
    void publish(Agent agent, int iteration, int attempt, String text);
  }

  private final long intervalNanos;
  private final LongSupplier nanoClock;
  private final Sink sink;
  private final StringBuilder pending = new StringBuilder();
  private Agent agent;
  private int iteration;
  private int attempt;
  private boolean publishedAny;
  private long lastPublished;

  DeltaBuffer(long intervalMillis, LongSupplier nanoClock, Sink sink) {
    this.intervalNanos = intervalMillis * 1_000_000L;
    this.nanoClock = nanoClock;
    this.sink = sink;
  }

  synchronized void add(Agent agent, int iteration, int attempt, String delta) {
    if (pending.length() > 0
        && agent == this.agent
        && iteration == this.iteration
        && attempt != this.attempt) {
      pending.setLength(0);
    }
    if (pending.length() > 0 && (agent != this.agent || iteration != this.iteration)) {
      flush();
    }
    this.agent = agent;
    this.iteration = iteration;
    this.attempt = attempt;
    pending.append(delta);
    if (!publishedAny || nanoClock.getAsLong() - lastPublished >= intervalNanos) {
      flush();
    }
  }

  /** Publishes whatever text is held back. */
  synchronized void flush() {
    if (pending.length() == 0) {
      return;
    }
    String text = pending.toString();
    pending.setLength(0);
    publishedAny = true;
    lastPublished = nanoClock.getAsLong();
    sink.publish(agent, iteration, attempt, text);
  }
}
