package dev.vibegrapher.realtime.control;

import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client connection seen from the fan-out: an outgoing queue drained on the sender pool, one send
 * at a time, so a publisher only ever enqueues and never waits for a client. Everything that waits
 * counts against the queue's limits, live events, replayed pages and replies alike: at most {@code
 * maxFrames} frames and {@code maxBytes} of their text. A client past either limit is not reading
 * fast enough, or not at all, and is dropped; memory held per connection stays bounded whatever the
 * client sends or fails to take.
 */
public abstract class Subscriber {

  private final Queue<Frame> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queuedFrames = new AtomicInteger();
  private final AtomicLong queuedBytes = new AtomicLong();
  private final AtomicBoolean sending = new AtomicBoolean();
  private final AtomicBoolean open = new AtomicBoolean(true);
  // Project id -> the subscription's token: a replay checks it is still the one that started it.
  private final Map<String, Object> subscriptions = new ConcurrentHashMap<>();
  // What waits for the queue to be empty: the next replay page, so replays follow the client's
  // pace.
  private final Queue<Runnable> whenDrained = new ConcurrentLinkedQueue<>();
  private final RealtimeConnections connections;
  private final int maxFrames;
  private final long maxBytes;
  private final Executor sender;

  protected Subscriber(RealtimeConnections connections) {
    this.connections = connections;
    this.maxFrames = connections.queueSize();
    this.maxBytes = connections.queueBytes();
    this.sender = connections.sender();
  }

  /** Sends one frame; the stage completes when the transport has taken it. */
  protected abstract CompletionStage<?> transmit(Frame frame);

  /** Ends the connection, without blocking the caller, for the reason given. */
  protected abstract void disconnect(DropReason reason);

  public enum DropReason {
    /** More frames waiting than the queue may hold. */
    TOO_SLOW,
    /** More bytes waiting than the queue's budget. */
    OVER_BUDGET,
    SEND_FAILED,
    SHUTDOWN,
    /** The token the connection was opened with stopped holding. */
    CREDENTIAL_EXPIRED
  }

  /** What became of a subscribe. */
  public enum Claim {
    CLAIMED,
    ALREADY_SUBSCRIBED,
    TOO_MANY
  }

  /**
   * Queues a frame; false when the subscriber is closed or was just dropped for a full queue. A
   * frame alone in the queue is always taken, so that one large event never counts as a slow
   * client.
   */
  public boolean offer(Frame frame) {
    if (!open.get()) {
      return false;
    }
    int frames = queuedFrames.incrementAndGet();
    long bytes = queuedBytes.addAndGet(frame.size());
    if (frames > maxFrames || (bytes > maxBytes && frames > 1)) {
      queuedFrames.decrementAndGet();
      queuedBytes.addAndGet(-frame.size());
      drop(frames > maxFrames ? DropReason.TOO_SLOW : DropReason.OVER_BUDGET);
      return false;
    }
    queue.add(frame);
    pump();
    return true;
  }

  /** The most bytes of frame text this connection may have waiting. */
  long queueBudget() {
    return maxBytes;
  }

  /** The most frames this connection may have waiting. */
  int queueFrames() {
    return maxFrames;
  }

  /** Bytes of frame text waiting to be sent. */
  public long queuedBytes() {
    return queuedBytes.get();
  }

  /** Runs {@code task} once every frame queued so far has been sent. */
  public void whenDrained(Runnable task) {
    whenDrained.add(task);
    if (flushed()) {
      runDrainedTask();
    }
  }

  private void runDrainedTask() {
    Runnable task = whenDrained.poll();
    if (task != null && open.get()) {
      task.run();
    }
  }

  private void pump() {
    if (open.get() && sending.compareAndSet(false, true)) {
      sender.execute(this::drain);
    }
  }

  // Runs on the sender pool while this subscriber holds the sending flag.
  private void drain() {
    while (open.get()) {
      Frame next = queue.poll();
      if (next == null) {
        sending.set(false);
        if (!queue.isEmpty()) {
          pump();
        } else {
          runDrainedTask();
        }
        return;
      }
      queuedFrames.decrementAndGet();
      queuedBytes.addAndGet(-next.size());
      CompletableFuture<?> sent = transmit(next).toCompletableFuture();
      if (!sent.isDone()) {
        sent.whenComplete(
            (ignored, failure) -> {
              if (failure != null) {
                drop(DropReason.SEND_FAILED);
              } else {
                sender.execute(this::drain);
              }
            });
        return;
      }
      if (sent.isCompletedExceptionally()) {
        drop(DropReason.SEND_FAILED);
        return;
      }
    }
    sending.set(false);
  }

  private void drop(DropReason reason) {
    if (open.compareAndSet(true, false)) {
      clear();
      connections.dropped(this, reason);
      disconnect(reason);
    }
  }

  private void clear() {
    queue.clear();
    whenDrained.clear();
    queuedFrames.set(0);
    queuedBytes.set(0);
  }

  /** Nothing waits to be sent and nothing is being sent. */
  public boolean flushed() {
    return queue.isEmpty() && !sending.get();
  }

  /** The server is stopping: end the connection as going away, without counting a drop. */
  public void shutdown() {
    if (open.compareAndSet(true, false)) {
      clear();
      disconnect(DropReason.SHUTDOWN);
    }
  }

  /** The caller's token expired: end the connection so the client comes back with a fresh one. */
  public void expire() {
    if (open.compareAndSet(true, false)) {
      clear();
      connections.closed(this);
      disconnect(DropReason.CREDENTIAL_EXPIRED);
    }
  }

  /** The connection ended from the other side or by the server: stop sending. */
  public void closed() {
    open.set(false);
    clear();
  }

  public boolean isOpen() {
    return open.get();
  }

  /**
   * Takes a subscription to the project, unless this connection holds one already or holds {@code
   * most} (a client that subscribes again and again must not multiply its replays).
   */
  Claim claim(String projectId, int most, Object token) {
    synchronized (subscriptions) {
      if (subscriptions.containsKey(projectId)) {
        return Claim.ALREADY_SUBSCRIBED;
      }
      if (subscriptions.size() >= most) {
        return Claim.TOO_MANY;
      }
      subscriptions.put(projectId, token);
      return Claim.CLAIMED;
    }
  }

  /** Whether the subscription that {@code token} started is still in force. */
  boolean holds(String projectId, Object token) {
    return open.get() && subscriptions.get(projectId) == token;
  }

  /**
   * Ends the subscription that {@code token} started, and only that one (a later one of the same
   * project stays).
   */
  boolean release(String projectId, Object token) {
    return subscriptions.remove(projectId, token);
  }

  public Set<String> projects() {
    return subscriptions.keySet();
  }
}
