package dev.vibegrapher.realtime.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.websocket.Session;
import java.lang.reflect.Field;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Gives each WebSocket session a plain scheduler for its idle timer.
 *
 * <p>Tyrus (Payara's WebSocket implementation) cancels and schedules the session's idle-timeout
 * task on every frame sent or received, even with no idle timeout set, on the container's default
 * managed scheduled executor. Payara captures a context for each such task and, doing so, looks up
 * the ThreadContextProvider services across the server's whole class path: about 50 µs a frame,
 * half of what a send cost, and at 1,000 subscribers 50 ms for one event. Our sessions have no idle
 * timeout (the heartbeat keeps live ones busy; dead ones are found by failed sends), so the task
 * does nothing, and a scheduler on the container's managed threads without context capture serves.
 * Tyrus offers no setting for this; where its session does not have the expected field (another
 * WebSocket implementation or version), the session keeps Tyrus' scheduler and this is logged once.
 */
@ApplicationScoped
public class IdleTimerScheduler {

  private static final Logger LOG = Logger.getLogger(IdleTimerScheduler.class.getName());

  @Resource ManagedThreadFactory threads;

  private ScheduledThreadPoolExecutor scheduler;
  private volatile boolean unavailable;

  @PostConstruct
  void start() {
    scheduler = new ScheduledThreadPoolExecutor(1, threads);
    scheduler.setRemoveOnCancelPolicy(true);
  }

  @PreDestroy
  void stop() {
    scheduler.shutdownNow();
  }

  /** True when the session's idle timer now runs on this scheduler. */
  boolean adopt(Session session) {
    if (unavailable) {
      return false;
    }
    try {
      Field service = findServiceField(session.getClass());
      service.setAccessible(true);
      service.set(session, scheduler);
      return true;
    } catch (ReflectiveOperationException | RuntimeException notTyrus) {
      unavailable = true;
      LOG.log(
          Level.INFO,
          "WebSocket sessions keep their own idle-timer scheduler ({0})",
          notTyrus.toString());
      return false;
    }
  }

  private static Field findServiceField(Class<?> type) throws NoSuchFieldException {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      try {
        Field field = c.getDeclaredField("service");
        if (field.getType() == ScheduledExecutorService.class) {
          return field;
        }
      } catch (NoSuchFieldException next) {
        // look in the superclass
      }
    }
    throw new NoSuchFieldException(
        type.getName() + " has no ScheduledExecutorService named service");
  }
}
