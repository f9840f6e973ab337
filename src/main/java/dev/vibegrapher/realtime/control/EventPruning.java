package dev.vibegrapher.realtime.control;

import dev.vibegrapher.platform.control.DatabaseReady;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Keeps the event log bounded, by age and by count per project, at start-up and periodically. */
@ApplicationScoped
public class EventPruning {

  private static final Logger LOG = Logger.getLogger(EventPruning.class.getName());

  @Resource ManagedScheduledExecutorService scheduler;
  @Inject EventLog log;

  @Inject
  @ConfigProperty(name = "vibegrapher.events.max-age-hours")
  long maxAgeHours;

  @Inject
  @ConfigProperty(name = "vibegrapher.events.max-per-project")
  int maxPerProject;

  @Inject
  @ConfigProperty(name = "vibegrapher.events.prune-interval-seconds")
  long intervalSeconds;

  private ScheduledFuture<?> pruning;

  void start(@Observes DatabaseReady ready) {
    pruning = scheduler.scheduleWithFixedDelay(this::prune, 0, intervalSeconds, TimeUnit.SECONDS);
  }

  void prune() {
    try {
      int removed = log.prune(Instant.now().minus(Duration.ofHours(maxAgeHours)), maxPerProject);
      if (removed > 0) {
        LOG.info(() -> "Pruned " + removed + " logged event(s)");
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Pruning the event log failed; it is tried again later", e);
    }
  }

  @PreDestroy
  void stop() {
    if (pruning != null) {
      pruning.cancel(false);
    }
  }
}
