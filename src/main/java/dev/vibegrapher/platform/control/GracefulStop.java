package dev.vibegrapher.platform.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Lets working runs finish when the platform stops the server (SIGTERM: a rolling deploy, a scale
 * down). The stop must wait before Payara begins its shutdown: once it has, Payara disables the
 * application and refuses to run its managed tasks, so no run could get on. So this takes SIGTERM
 * from the JVM's own handler, which would begin the shutdown at once: readiness goes down, new runs
 * are refused (503), and once the runs have ended, or {@code vibegrapher.shutdown.grace-seconds}
 * have passed, the JVM's handler gets the signal after all and the shutdown goes on as before
 * (failing what is left). A second SIGTERM stops at once.
 */
@ApplicationScoped
public class GracefulStop {

  private static final Logger LOG = Logger.getLogger(GracefulStop.class.getName());
  private static final Signal TERM = new Signal("TERM");

  // Read at start, not injected: the readiness check that asks isDraining() may run on a thread
  // whose configuration is not the application's, where an injected value is missing.
  private int graceSeconds;

  @Inject Instance<Drainable> work;

  private final AtomicBoolean draining = new AtomicBoolean();
  private volatile SignalSlot slot;
  private volatile boolean uninstalled;
  // Resolved on a deployment thread: the JVM's signal thread has no context class loader, and
  // Weld cannot make its proxies without one.
  private volatile List<Drainable> drainable = List.of();
  private volatile ClassLoader application;

  void install(@Observes @Initialized(ApplicationScoped.class) Object started) {
    graceSeconds =
        ConfigProvider.getConfig().getValue("vibegrapher.shutdown.grace-seconds", Integer.class);
    if (graceSeconds <= 0) {
      return;
    }
    drainable = work.stream().toList();
    application = Thread.currentThread().getContextClassLoader();
    try {
      // Known before it is in place: a signal may come the moment it is.
      slot = new SignalSlot(TERM, this::stopGracefully);
      slot.install();
    } catch (IllegalArgumentException signalsNotOurs) {
      slot = null;
      // A JVM started with -Xrs leaves signals to its host: stops are then immediate, as before.
      LOG.warning("SIGTERM cannot be handled here; working runs fail at a stop: " + signalsNotOurs);
    }
  }

  // An undeployment without a signal (Payara Server) gives the handler before ours its place back,
  // unless another application's came after ours: that one stays.
  void uninstall(@Observes @BeforeDestroyed(ApplicationScoped.class) Object stopping) {
    SignalSlot ours = slot;
    if (ours != null && !draining.get()) {
      uninstalled = true;
      ours.uninstall();
    }
  }

  /** Whether the server was asked to stop and is letting its work finish. */
  public boolean isDraining() {
    return draining.get();
  }

  // On the JVM's signal thread, which is nobody else's to wait on.
  private void stopGracefully(Signal signal) {
    // Undeployed, yet put back by a later application's undeployment: the signal is not ours.
    if (uninstalled || !draining.compareAndSet(false, true)) {
      goOn(signal);
      return;
    }
    Thread.currentThread().setContextClassLoader(application);
    try {
      LOG.info("Stopping: no new runs; waiting up to " + graceSeconds + " s for those working");
      drainable.forEach(Drainable::stopTaking);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(graceSeconds);
      while (System.nanoTime() < deadline && !drainable.stream().allMatch(Drainable::idle)) {
        TimeUnit.MILLISECONDS.sleep(100);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | LinkageError unexpected) {
      LOG.warning("Waiting for the work to finish failed; stopping now: " + unexpected);
    } finally {
      goOn(signal);
    }
  }

  private void goOn(Signal signal) {
    SignalHandler previous = slot.previous();
    if (previous != null) {
      try {
        previous.handle(signal);
        return;
      } catch (UnsupportedOperationException nativeHandler) {
        // the operating system's default: below
      }
    }
    // The JVM's default was the operating system's (or, ours still being put in place, not known
    // yet): exit as it would have.
    System.exit(128 + signal.getNumber());
  }
}
