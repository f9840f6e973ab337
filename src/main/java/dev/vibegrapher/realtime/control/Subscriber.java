package dev.vibegrapher.realtime.control;

import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client connection seen from the fan-out: an outgoing queue drained on the sender pool, one
 * send at a time, so a publisher only ever enqueues and never waits for a client. Live frames are bounded by {@code capacity};
 * a client whose queue is full is too slow and is dropped. Replayed frames and replies are not
 * bounded: the event log already bounds a replay.
 */
public abstract class Subscriber {

  private record Queued(Frame frame, boolean live) {}

  private final Queue<Queued> queue = new ConcurrentLinkedQueue<>();
  // Only live frames count against the capacity: a long replay must not make the next live
  // event look like a client that stopped reading.
  private final AtomicInteger liveQueued = new AtomicInteger();
  private final AtomicBoolean sending = new AtomicBoolean();
  private final AtomicBoolean open = new AtomicBoolean(true);
  private final Set<String> projects = ConcurrentHashMap.newKeySet();
  private final RealtimeConnections connections;
  private final int capacity;
  private final Executor sender;

  protected Subscriber(RealtimeConnections connections) {
    this.connections = connections;
    this.capacity = connections.queueSize();
    this.sender = connections.sender();
  }

  /** Sends one frame; the stage completes when the transport has taken it. */
  protected abstract CompletionStage<?> transmit(Frame frame);

  /** Ends the connection, without blocking the caller, for the reason given. */
  protected abstract void disconnect(DropReason reason);

  public enum DropReason {
    TOO_SLOW,
    SEND_FAILED,
    SHUTDOWN,
    /** The token the connection was opened with stopped holding. */
    CREDENTIAL_EXPIRED
  }

  /** Queues a live frame; false when the subscriber is closed or was just dropped as too slow. */
  public boolean offer(Frame frame) {
    if (!open.get()) {
      return false;
    }
    if (liveQueued.incrementAndGet() > capacity) {
      liveQueued.decrementAndGet();
      drop(DropReason.TOO_SLOW);
      return false;
    }
    queue.add(new Queued(frame, true));
    pump();
    return true;
  }

  /** Queues a frame that must not be refused: replies and replayed history. */
  public void offerUnbounded(Frame frame) {
    if (!open.get()) {
      return;
    }
    queue.add(new Queued(frame, false));
    pump();
  }

  private void pump() {
    if (open.get() && sending.compareAndSet(false, true)) {
      sender.execute(this::drain);
    }
  }

  // Runs on the sender pool while this subscriber holds the sending flag.
  private void drain() {
    while (open.get()) {
      Queued next = queue.poll();
      if (next == null) {
        sending.set(false);
        if (!queue.isEmpty()) {
          pump();
        }
        return;
      }
      if (next.live()) {
        liveQueued.decrementAndGet();
      }
      CompletableFuture<?> sent = transmit(next.frame()).toCompletableFuture();
      if (!sent.isDone()) {
        sent.whenComplete((ignored, failure) -> {
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
      queue.clear();
      connections.dropped(this, reason);
      disconnect(reason);
    }
  }

  /** Nothing waits to be sent and nothing is being sent. */
  public boolean flushed() {
    return queue.isEmpty() && !sending.get();
  }

  /** The server is stopping: end the connection as going away, without counting a drop. */
  public void shutdown() {
    if (open.compareAndSet(true, false)) {
      queue.clear();
      disconnect(DropReason.SHUTDOWN);
    }
  }

  /** The caller's token expired: end the connection so the client comes back with a fresh one. */
  public void expire() {
    if (open.compareAndSet(true, false)) {
      queue.clear();
      connections.closed(this);
      disconnect(DropReason.CREDENTIAL_EXPIRED);
    }
  }

  /** The connection ended from the other side or by the server: stop sending. */
  public void closed() {
    open.set(false);
    queue.clear();
  }

  public boolean isOpen() {
    return open.get();
  }

  public Set<String> projects() {
    return projects;
  }
}
