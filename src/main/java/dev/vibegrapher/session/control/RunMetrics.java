package dev.vibegrapher.session.control;

import dev.vibegrapher.realtime.entity.ProjectEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Runs by outcome at /metrics, counted from the vibecode_completed and vibecode_error events every
 * run ends with (exactly one each), so the run's own code does not change. Runs failed at start-up
 * because a crash or a stop interrupted them count as errors too.
 */
@ApplicationScoped
public class RunMetrics {

  @Inject MetricRegistry registry;

  private Counter diff;
  private Counter text;
  private Counter error;

  @PostConstruct
  void register() {
    diff = outcome("diff");
    text = outcome("text");
    error = outcome("error");
  }

  /** Registered at start-up, so every outcome shows from the first scrape, at 0. */
  void eagerly(@Observes Startup startup) {
    // Observing instantiates the bean.
  }

  void count(@Observes ProjectEvent event) {
    if (event.data() instanceof RunEvents.Completed completed) {
      ("diff".equals(completed.outcome()) ? diff : text).inc();
    } else if (event.data() instanceof RunEvents.Failed) {
      error.inc();
    }
  }

  private Counter outcome(String outcome) {
    return registry.counter("vibecode_runs_total", new Tag("outcome", outcome));
  }
}
