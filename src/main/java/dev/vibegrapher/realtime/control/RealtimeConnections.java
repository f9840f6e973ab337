package dev.vibegrapher.realtime.control;

import dev.vibegrapher.platform.control.WireFormat;
import dev.vibegrapher.project.control.ProjectStore;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.bind.JsonbException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every open real-time connection of this instance, and the client protocol: subscribe (with
 * last_seq), unsubscribe, ping. A bad message gets an error frame; the connection stays open.
 */
@ApplicationScoped
public class RealtimeConnections {

  @Inject ProjectChannels channels;
  @Inject ProjectStore projects;
  @Inject RealtimeMetrics metrics;

  @Resource ManagedThreadFactory threads;

  @Inject
  @ConfigProperty(name = "vibegrapher.ws.queue-size", defaultValue = "1024")
  int queueSize;

  private final Map<Subscriber, Kind> open = new ConcurrentHashMap<>();
  private ExecutorService sender;

  @PostConstruct
  void startSender() {
    // Container-managed threads, a few per core: sending is short work, never a blocking wait.
    sender = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors() * 2), threads);
  }

  /**
   * On shutdown every client is told the server is going away (1001) rather than cut off, after
   * what was already queued for it, such as the vibecode_error of a run the shutdown failed, had
   * a moment to go out.
   */
  void closeAll(@Observes @BeforeDestroyed(ApplicationScoped.class) Object stopping) {
    awaitFlushed(Duration.ofSeconds(2));
    List.copyOf(open.keySet()).forEach(Subscriber::shutdown);
    open.clear();
  }

  private void awaitFlushed(Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (open.keySet().stream().anyMatch(subscriber -> !subscriber.flushed()) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @PreDestroy
  void stopSender() {
    sender.shutdownNow();
  }

  /** How many live frames a connection may have waiting before it counts as too slow. */
  public int queueSize() {
    return queueSize;
  }

  /** Where subscribers drain their queues. */
  public Executor sender() {
    return sender;
  }

  public enum Kind {
    WEBSOCKET,
    SSE
  }

  /** A message from a client: {"type": "subscribe"|"unsubscribe"|"ping", "project_id"?, "last_seq"?}. */
  public record ClientMessage(String type, String projectId, Long lastSeq) {}

  public void opened(Subscriber subscriber, Kind kind) {
    open.put(subscriber, kind);
  }

  public void closed(Subscriber subscriber) {
    subscriber.closed();
    forget(subscriber);
  }

  /** The fan-out gave up on a subscriber: forget it and count it. */
  public void dropped(Subscriber subscriber, Subscriber.DropReason reason) {
    forget(subscriber);
    metrics.dropped(reason);
  }

  private void forget(Subscriber subscriber) {
    open.remove(subscriber);
    channels.unsubscribeAll(subscriber);
  }

  public void handle(Subscriber subscriber, String text) {
    ClientMessage message;
    try {
      message = WireFormat.JSONB.fromJson(text, ClientMessage.class);
    } catch (JsonbException e) {
      subscriber.offerUnbounded(Frame.error("Not a JSON message of the form {\"type\": ..., \"project_id\": ...}."));
      return;
    }
    if (message == null || message.type() == null) {
      subscriber.offerUnbounded(Frame.error("A message needs a type: subscribe, unsubscribe or ping."));
      return;
    }
    switch (message.type()) {
      case "ping" -> subscriber.offerUnbounded(Frame.control("pong", null, null));
      case "subscribe" -> subscribe(subscriber, message.projectId(), message.lastSeq());
      case "unsubscribe" -> unsubscribe(subscriber, message.projectId());
      default -> subscriber.offerUnbounded(Frame.error("Unknown message type '" + message.type() + "': use subscribe, unsubscribe or ping."));
    }
  }

  /** Subscribes after checking the project exists; returns false (with an error frame) if not. */
  public boolean subscribe(Subscriber subscriber, String projectId, Long lastSeq) {
    if (projectId == null) {
      subscriber.offerUnbounded(Frame.error("A subscribe message needs a project_id."));
      return false;
    }
    if (projects.find(projectId).isEmpty()) {
      subscriber.offerUnbounded(Frame.error("Unknown project: " + projectId + "."));
      return false;
    }
    if (lastSeq != null && lastSeq < 0) {
      subscriber.offerUnbounded(Frame.error("last_seq must not be negative."));
      return false;
    }
    channels.subscribe(subscriber, projectId, lastSeq, subscription -> Frame.control("subscribed", projectId, Map.of(
        "last_seq", subscription.lastSeq(),
        "replayed", subscription.replayed(),
        "first_available_seq", subscription.firstAvailableSeq())));
    return true;
  }

  private void unsubscribe(Subscriber subscriber, String projectId) {
    channels.unsubscribe(subscriber, projectId);
    subscriber.offerUnbounded(Frame.control("unsubscribed", projectId, null));
  }

  public Collection<Subscriber> all() {
    return open.keySet();
  }

  /** Open WebSocket sessions on this instance. */
  public long webSocketCount() {
    return count(Kind.WEBSOCKET);
  }

  /** Open connections of one kind on this instance. */
  public long count(Kind kind) {
    return open.values().stream().filter(k -> k == kind).count();
  }
}
