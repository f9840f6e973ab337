package dev.vibegrapher.review.control;

import dev.vibegrapher.review.entity.DiffCommitted;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;

/** Commits and reverts of diffs at /metrics. */
@ApplicationScoped
public class ReviewMetrics {

  @Inject MetricRegistry registry;

  private Counter commits;
  private Counter reverts;

  @PostConstruct
  void register() {
    commits = registry.counter("review_commits_total");
    reverts = registry.counter("review_reverts_total");
  }

  void eagerly(@Observes Startup startup) {
    // Observing instantiates the bean: both counters show from the first scrape, at 0.
  }

  void committed(@Observes DiffCommitted committed) {
    commits.inc();
  }

  void reverted() {
    reverts.inc();
  }
}
