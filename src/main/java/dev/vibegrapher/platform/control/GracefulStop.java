package dev.vibegrapher.platform.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
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

  @Inject
  @ConfigProperty(name = "vibegrapher.shutdown.grace-seconds")
  int graceSeconds;

  @Inject Instance<Drainable> work;

  private final AtomicBoolean draining = new AtomicBoolean();
  private volatile SignalHandler previous;

  void install(@Observes @Initialized(ApplicationScoped.class) Object started) {
    if (graceSeconds <= 0) {
      return;
    }
    try {
      previous = Signal.handle(TERM, this::stopGracefully);
    } catch (IllegalArgumentException signalsNotOurs) {
      // A JVM started with -Xrs leaves signals to its host: stops are then immediate, as before.
      LOG.warning("SIGTERM cannot be handled here; working runs fail at a stop: " + signalsNotOurs);
    }
  }

  // An undeployment without a signal (Payara Server) gives the JVM its own handler back.
  void uninstall(@Observes @BeforeDestroyed(ApplicationScoped.class) Object stopping) {
    SignalHandler jvm = previous;
    if (jvm != null && !draining.get()) {
      Signal.handle(TERM, jvm);
    }
  }

  /** Whether the server was asked to stop and is letting its work finish. */
  public boolean isDraining() {
    return draining.get();
  }

  // On the JVM's signal thread, which is nobody else's to wait on.
  private void stopGracefully(Signal signal) {
    if (!draining.compareAndSet(false, true)) {
      goOn(signal);
      return;
    }
    try {
      LOG.info("Stopping: no new runs; waiting up to " + graceSeconds + " s for those working");
      work.forEach(Drainable::stopTaking);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(graceSeconds);
      while (System.nanoTime() < deadline && !work.stream().allMatch(Drainable::idle)) {
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
    try {
      previous.handle(signal);
    } catch (UnsupportedOperationException nativeHandler) {
      // The JVM's default was the operating system's: exit as it would have.
      System.exit(128 + signal.getNumber());
    }
  }
}
