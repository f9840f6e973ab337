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
  @ConfigProperty(name = "vibegrapher.ws.queue-size")
  int queueSize;

  @Inject
  @ConfigProperty(name = "vibegrapher.ws.queue-bytes")
  long queueBytes;

  @Inject
  @ConfigProperty(name = "vibegrapher.ws.max-subscriptions")
  int maxSubscriptions;

  @Inject
  @ConfigProperty(name = "vibegrapher.realtime.max-connections-per-caller")
  int maxConnectionsPerCaller;

  /** An open connection: its transport, and whose it is. */
  private record Connection(Kind kind, String caller) {}

  private final Map<Subscriber, Connection> open = new ConcurrentHashMap<>();
  // Caller -> open connections; an entry lives only while its caller has one, so it stays as
  // small as the connections themselves.
  private final Map<String, Integer> perCaller = new ConcurrentHashMap<>();
  private ExecutorService sender;

  @PostConstruct
  void startSender() {
    // Container-managed threads, a few per core: sending is short work, never a blocking wait.
    sender =
        Executors.newFixedThreadPool(
            Math.max(2, Runtime.getRuntime().availableProcessors() * 2), threads);
  }

  /**
   * On shutdown every client is told the server is going away (1001) rather than cut off, after
   * what was already queued for it, such as the vibecode_error of a run the shutdown failed, had a
   * moment to go out.
   */
  void closeAll(@Observes @BeforeDestroyed(ApplicationScoped.class) Object stopping) {
    awaitFlushed(Duration.ofSeconds(2));
    List.copyOf(open.keySet()).forEach(Subscriber::shutdown);
    open.clear();
  }

  private void awaitFlushed(Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (open.keySet().stream().anyMatch(subscriber -> !subscriber.flushed())
        && System.nanoTime() < deadline) {
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

  /** How many frames a connection may have waiting before it counts as too slow. */
  public int queueSize() {
    return queueSize;
  }

  /** How many bytes of frame text a connection may have waiting before it is dropped. */
  public long queueBytes() {
    return queueBytes;
  }

  /** Where subscribers drain their queues. */
  public Executor sender() {
    return sender;
  }

  public enum Kind {
    WEBSOCKET,
    SSE
  }

  /**
   * A message from a client: {"type": "subscribe"|"unsubscribe"|"ping", "project_id"?,
   * "last_seq"?}.
   */
  public record ClientMessage(String type, String projectId, Long lastSeq) {}

  /**
   * Counts a new connection against its caller's cap; false, and not counted, when the caller
   * already has {@code vibegrapher.realtime.max-connections-per-caller} open.
   */
  public boolean opened(Subscriber subscriber, Kind kind, String caller) {
    boolean[] admitted = {false};
    perCaller.compute(
        caller,
        (who, held) -> {
          int now = held == null ? 0 : held;
          if (now >= maxConnectionsPerCaller) {
            return held;
          }
          admitted[0] = true;
          return now + 1;
        });
    if (admitted[0]) {
      open.put(subscriber, new Connection(kind, caller));
    }
    return admitted[0];
  }

  /**
   * Whether the caller may open one more connection now (the upgrade's early answer; opened
   * decides).
   */
  public boolean admits(String caller) {
    return perCaller.getOrDefault(caller, 0) < maxConnectionsPerCaller;
  }

  public int maxConnectionsPerCaller() {
    return maxConnectionsPerCaller;
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
    Connection gone = open.remove(subscriber);
    if (gone != null) {
      perCaller.computeIfPresent(gone.caller(), (who, held) -> held <= 1 ? null : held - 1);
    }
    channels.unsubscribeAll(subscriber);
  }

  public void handle(Subscriber subscriber, String text) {
    ClientMessage message;
    try {
      message = WireFormat.JSONB.fromJson(text, ClientMessage.class);
    } catch (JsonbException e) {
      subscriber.offer(
          Frame.error("Not a JSON message of the form {\"type\": ..., \"project_id\": ...}."));
      return;
    }
    if (message == null || message.type() == null) {
      subscriber.offer(Frame.error("A message needs a type: subscribe, unsubscribe or ping."));
      return;
    }
    switch (message.type()) {
      case "ping" -> subscriber.offer(Frame.control("pong", null, null));
      case "subscribe" -> subscribe(subscriber, message.projectId(), message.lastSeq());
      case "unsubscribe" -> unsubscribe(subscriber, message.projectId());
      default ->
          subscriber.offer(
              Frame.error(
                  "Unknown message type '"
                      + message.type()
                      + "': use subscribe, unsubscribe or ping."));
    }
  }

  /**
   * Subscribes after checking the project exists; returns false (with an error frame) if not, or if
   * this connection already subscribed to it or to as many projects as it may. A repeated subscribe
   * is refused before the database is asked anything.
   */
  public boolean subscribe(Subscriber subscriber, String projectId, Long lastSeq) {
    if (projectId == null) {
      return refuse(subscriber, null, "A subscribe message needs a project_id.");
    }
    if (subscriber.projects().contains(projectId)) {
      return refuse(subscriber, projectId, alreadySubscribed(projectId));
    }
    if (lastSeq != null && lastSeq < 0) {
      return refuse(subscriber, null, "last_seq must not be negative.");
    }
    if (projects.find(projectId).isEmpty()) {
      return refuse(subscriber, null, "Unknown project: " + projectId + ".");
    }
    Object token = new Object();
    Subscriber.Claim claim = subscriber.claim(projectId, maxSubscriptions, token);
    if (claim == Subscriber.Claim.ALREADY_SUBSCRIBED) {
      return refuse(subscriber, projectId, alreadySubscribed(projectId));
    }
    if (claim == Subscriber.Claim.TOO_MANY) {
      return refuse(
          subscriber,
          projectId,
          "A connection may subscribe to at most "
              + maxSubscriptions
              + " projects; unsubscribe from one first.");
    }
    try {
      channels.subscribe(
          subscriber,
          projectId,
          lastSeq,
          token,
          subscription ->
              Frame.control(
                  "subscribed",
                  projectId,
                  Map.of(
                      "last_seq", subscription.lastSeq(),
                      "replayed", subscription.replayed(),
                      "first_available_seq", subscription.firstAvailableSeq())));
    } catch (RuntimeException failure) {
      channels.unsubscribe(subscriber, projectId);
      throw failure;
    }
    return true;
  }

  private static String alreadySubscribed(String projectId) {
    return "Already subscribed to project "
        + projectId
        + " on this connection; unsubscribe first to subscribe again.";
  }

  private static boolean refuse(Subscriber subscriber, String projectId, String detail) {
    subscriber.offer(Frame.error(projectId, detail));
    return false;
  }

  private void unsubscribe(Subscriber subscriber, String projectId) {
    channels.unsubscribe(subscriber, projectId);
    subscriber.offer(Frame.control("unsubscribed", projectId, null));
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
    return open.values().stream().filter(connection -> connection.kind() == kind).count();
  }

  /** Bytes of frame text waiting in every connection's queue on this instance. */
  public long queuedBytes() {
    return open.keySet().stream().mapToLong(Subscriber::queuedBytes).sum();
  }
}
