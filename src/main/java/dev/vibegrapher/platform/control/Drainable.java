package dev.vibegrapher.platform.control;

/**
 * Work a feature finishes before the server stops, given the time ({@link GracefulStop}): it stops
 * taking new work when asked, and says when what it has is done.
 */
public interface Drainable {

  /** Takes no new work from now on (new work is refused with 503, as at a shutdown). */
  void stopTaking();

  /** Whether nothing of its work is left. */
  boolean idle();
}
