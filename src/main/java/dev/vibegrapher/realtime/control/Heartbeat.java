package dev.vibegrapher.realtime.control;

import dev.vibegrapher.platform.control.DatabaseReady;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Every VIBEGRAPHER_HEARTBEAT_SECONDS, tells every connected client that the server is alive. */
@ApplicationScoped
public class Heartbeat {

  @Resource ManagedScheduledExecutorService scheduler;
  @Inject RealtimeConnections connections;

  @Inject
  @ConfigProperty(name = "vibegrapher.heartbeat-seconds")
  int seconds;

  private ScheduledFuture<?> beating;

  void start(@Observes DatabaseReady ready) {
    beating = scheduler.scheduleAtFixedRate(this::beat, seconds, seconds, TimeUnit.SECONDS);
  }

  void beat() {
    Frame frame =
        Frame.control(
            "heartbeat",
            null,
            Map.of(
                "server_time", Instant.now().toString(),
                "status", "alive",
                "connections", connections.webSocketCount()));
    connections.all().forEach(subscriber -> subscriber.offer(frame));
  }

  @PreDestroy
  void stop() {
    if (beating != null) {
      beating.cancel(false);
    }
  }
}
