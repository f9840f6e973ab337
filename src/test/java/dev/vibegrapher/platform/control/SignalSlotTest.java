package dev.vibegrapher.platform.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Two applications' handlers of one signal, undeployed in either order. SIGWINCH, not SIGTERM: the
 * test's JVM keeps its own SIGTERM handling, and a window resized meanwhile harms nobody (SIGHUP is
 * ignored in some build environments, and then never reaches Java).
 */
class SignalSlotTest {

  private static final Signal WINCH = new Signal("WINCH");

  // In the JVM's handler's place: that one comes back as a new wrapper each time it is read.
  private final SignalHandler jvm = signal -> {};
  private final SignalHandler first = signal -> {};
  private final SignalHandler second = signal -> {};
  private SignalHandler original;

  @BeforeEach
  void standInForTheJvmsHandler() {
    original = Signal.handle(WINCH, jvm);
  }

  @AfterEach
  void giveTheJvmItsHandlerBack() {
    Signal.handle(WINCH, original);
  }

  @Test
  void undeployedInTheOrderTheyCameEachPutsBackTheOneBefore() {
    SignalSlot one = installedSlot(first);
    SignalSlot two = installedSlot(second);

    assertTrue(two.uninstall());
    assertSame(first, installed());
    assertTrue(one.uninstall());
    assertSame(jvm, installed());
  }

  @Test
  void theFirstUndeployedFirstLeavesTheSecondsHandlerInPlace() {
    SignalSlot one = installedSlot(first);
    SignalSlot two = installedSlot(second);

    assertFalse(one.uninstall(), "ours is no longer the one in place");
    assertSame(second, installed(), "the second application still handles the signal");
    assertTrue(two.uninstall());
    assertSame(first, installed(), "the second one gives back what it replaced, which hands on");
  }

  @Test
  void notInstalledTakesNothingOut() {
    assertFalse(new SignalSlot(WINCH, first).uninstall());
    assertSame(jvm, installed());
  }

  private SignalSlot installedSlot(SignalHandler handler) {
    SignalSlot slot = new SignalSlot(WINCH, handler);
    slot.install();
    // A signal ignored when the JVM started never reaches Java: the test has nothing to test then.
    assumeTrue(installed() == handler, "SIGWINCH can be handled in this JVM");
    return slot;
  }

  // Signal can only swap: the handler in place is read by swapping it out and back.
  private static SignalHandler installed() {
    SignalHandler now = Signal.handle(WINCH, SignalHandler.SIG_IGN);
    Signal.handle(WINCH, now);
    return now;
  }
}
