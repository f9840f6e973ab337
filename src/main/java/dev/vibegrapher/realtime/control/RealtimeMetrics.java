package dev.vibegrapher.realtime.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.util.EnumMap;
import java.util.Map;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Real time at /metrics: events published, open connections by kind, clients dropped by reason, and
 * the bytes waiting in all connections' outgoing queues (bounded by connections x budget).
 */
@ApplicationScoped
public class RealtimeMetrics {

  @Inject MetricRegistry registry;
  @Inject RealtimeConnections connections;

  private final Map<Subscriber.DropReason, Counter> dropped =
      new EnumMap<>(Subscriber.DropReason.class);
  private Counter published;

  @PostConstruct
  void register() {
    published = registry.counter("realtime_events_published_total");
    for (Subscriber.DropReason reason : Subscriber.DropReason.values()) {
      dropped.put(
          reason,
          registry.counter(
              "realtime_clients_dropped_total", new Tag("reason", reason.name().toLowerCase())));
    }
    for (RealtimeConnections.Kind kind : RealtimeConnections.Kind.values()) {
      registry.gauge(
          "realtime_connections",
          connections,
          open -> open.count(kind),
          new Tag("kind", kind.name().toLowerCase()));
    }
    registry.gauge("realtime_queued_bytes", connections, RealtimeConnections::queuedBytes);
  }

  void eagerly(@Observes Startup startup) {
    // Observing instantiates the bean: every series shows from the first scrape.
  }

  void published() {
    published.inc();
  }

  void dropped(Subscriber.DropReason reason) {
    dropped.get(reason).inc();
  }
}
