package dev.vibegrapher.platform.control;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Our handler put in a signal's place, and taken out again without undoing a handler put in after
 * it. On Payara Server several applications (or two deployments of one) may each put theirs in and
 * be undeployed in any order: the first one's undeployment must not put the JVM's handler back over
 * the second one's, which is still deployed.
 */
final class SignalSlot {

  private final Signal signal;
  private final SignalHandler ours;
  private volatile SignalHandler previous;

  SignalSlot(Signal signal, SignalHandler ours) {
    this.signal = signal;
    this.ours = ours;
  }

  /** Puts ours in; IllegalArgumentException when the JVM leaves the signal to its host (-Xrs). */
  void install() {
    previous = Signal.handle(signal, ours);
  }

  /** The handler ours replaced; null until installed. */
  SignalHandler previous() {
    return previous;
  }

  /**
   * Puts back the handler ours replaced, if ours is still the one in place, and says whether it
   * did. A handler put in after ours stays: when its own application goes, it puts ours back, which
   * must then hand the signal on ({@link GracefulStop}).
   */
  boolean uninstall() {
    SignalHandler before = previous;
    if (before == null) {
      return false;
    }
    // Signal can only swap handlers, not compare and set: a later handler is swapped out for a
    // moment and back. A signal in that moment meets the handler ours replaced, as it would after.
    SignalHandler replaced = Signal.handle(signal, before);
    if (replaced != ours) {
      Signal.handle(signal, replaced);
      return false;
    }
    return true;
  }
}
