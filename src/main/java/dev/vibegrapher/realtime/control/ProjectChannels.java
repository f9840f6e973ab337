package dev.vibegrapher.realtime.control;

import dev.vibegrapher.platform.boundary.ProblemException;
import dev.vibegrapher.platform.control.WireFormat;
import dev.vibegrapher.project.entity.ProjectDeleted;
import dev.vibegrapher.realtime.entity.LoggedEvent;
import dev.vibegrapher.realtime.entity.ProjectEvent;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one observer of {@link ProjectEvent}: appends each event to the event log, which numbers it
 * within its project, and offers it to the project's subscribers on this instance. Logging, fan-out
 * and joining a project's live events take the same per-project lock; a replay is read from the log
 * outside it and joins the live events under it once caught up, so a subscriber gets every event
 * after its last_seq exactly once and in order, whatever is published meanwhile.
 *
 * <p>Other instances sharing the database log events of the same projects: when one tells this one
 * (EventLogListener), or when a batch logged here is numbered past what was offered, the missing
 * events are read from the log under the lock, so subscribers here still get every event in order.
 *
 * <p>Publishing commits like a database's group commit: an event waits in its project's queue, and
 * whoever holds the lock appends everything waiting in one transaction and fans it out. A publisher
 * returns once its event is in the log; when many runs publish to one project at once, they share
 * transactions instead of queueing for one each.
 */
@ApplicationScoped
public class ProjectChannels {

  @Inject EventLog log;
  @Inject RealtimeMetrics metrics;

  /**
   * Where replay pages are read: container threads that may wait on the database, unlike the sender
   * pool.
   */
  @Resource ManagedExecutorService reader;

  @Inject
  @ConfigProperty(name = "vibegrapher.ws.replay-page-size")
  int replayPageSize;

  @Inject
  @ConfigProperty(name = "vibegrapher.ws.max-subscriptions")
  int maxSubscriptions;

  private static final Logger LOG = Logger.getLogger(ProjectChannels.class.getName());
  private final Map<String, Channel> channels = new ConcurrentHashMap<>();

  private static final class Channel {
    final ReentrantLock lock = new ReentrantLock();
    final Queue<Waiting> waiting = new ConcurrentLinkedQueue<>();
    final Set<Subscriber> subscribers = new CopyOnWriteArraySet<>();

    /**
     * While the channel has subscribers: every logged event up to this seq has been offered to each
     * of them, and none after it.
     */
    volatile long deliveredSeq;

    final AtomicBoolean catchUpQueued = new AtomicBoolean();

    /** A read of the log for this channel failed: retried at the listener's next quiet moment. */
    volatile boolean behind;
  }

  public record Subscription(long lastSeq, long firstAvailableSeq, int replayed) {}

  /**
   * An event waiting to be numbered and logged, and whether its batch was stored (or the failure).
   */
  private record Waiting(LoggedEvent event, CompletableFuture<Void> stored) {}

  void publish(@Observes ProjectEvent event) {
    String data = WireFormat.JSONB.toJson(event.data());
    Channel channel = channel(event.projectId());
    // Numbered later, under the lock, in the order the events joined the queue.
    Waiting mine =
        new Waiting(
            new LoggedEvent(event.projectId(), 0, event.type().wireName(), data),
            new CompletableFuture<>());
    channel.waiting.add(mine);
    channel.lock.lock();
    try {
      appendWaiting(channel, event.projectId());
    } finally {
      channel.lock.unlock();
    }
    // Whoever logged this event's batch, its publisher learns whether it was stored.
    try {
      mine.stored().join();
    } catch (CompletionException notStored) {
      // The failure may be another publisher's transaction's: its exception, mapped on this thread,
      // answered 500 or 404 by chance. Every publisher of a batch that was not stored gets the same
      // answer.
      LOG.log(
          Level.SEVERE,
          "An event of project " + event.projectId() + " could not be logged",
          notStored.getCause());
      throw new ProblemException(
          Response.Status.INTERNAL_SERVER_ERROR,
          "event-not-logged",
          "The event could not be stored, so it was sent to nobody; try again.",
          Map.of());
    }
    metrics.published();
  }

  // Under the channel's lock. If another publisher already took this thread's event, nothing is
  // left to do.
  private void appendWaiting(Channel channel, String projectId) {
    List<Waiting> waiting = new ArrayList<>();
    for (Waiting next = channel.waiting.poll(); next != null; next = channel.waiting.poll()) {
      waiting.add(next);
    }
    if (waiting.isEmpty()) {
      return;
    }
    List<LoggedEvent> batch;
    try {
      batch = log.append(projectId, waiting.stream().map(Waiting::event).toList());
    } catch (RuntimeException | LinkageError failure) {
      if (!log.projectExists(projectId)) {
        forgetDeleted(channel, projectId, waiting);
        return;
      }
      waiting.forEach(event -> event.stored().completeExceptionally(failure));
      return;
    }
    if (batch.isEmpty()) {
      forgetDeleted(channel, projectId, waiting);
      return;
    }
    waiting.forEach(event -> event.stored().complete(null));
    try {
      deliver(channel, projectId, batch);
    } catch (RuntimeException readFailed) {
      // The events are stored: their publishers must not hear otherwise. What this instance's
      // subscribers have not been offered is read again from the log shortly.
      LOG.log(Level.WARNING, "Offering project " + projectId + "'s new events failed", readFailed);
      channel.behind = true;
      catchUpSoon(channel, projectId);
    }
  }

  // Deleted meanwhile, by work that does not wait for its publishers (a diff's tests run for
  // seconds): nobody can watch the project any more, so its events have nowhere to go.
  private void forgetDeleted(Channel channel, String projectId, List<Waiting> waiting) {
    channels.remove(projectId, channel);
    waiting.forEach(event -> event.stored().complete(null));
  }

  /**
   * Under the channel's lock: offers a batch this instance logged. Other instances may have logged
   * events of the project just before it; those come first, from the log.
   */
  private void deliver(Channel channel, String projectId, List<LoggedEvent> batch) {
    if (channel.subscribers.isEmpty()) {
      channel.deliveredSeq = Math.max(channel.deliveredSeq, batch.get(batch.size() - 1).seq());
      return;
    }
    if (batch.get(0).seq() > channel.deliveredSeq + 1) {
      catchUp(channel, projectId);
    }
    for (LoggedEvent logged : batch) {
      if (logged.seq() > channel.deliveredSeq) {
        fanOut(channel, logged);
      }
    }
  }

  private void fanOut(Channel channel, LoggedEvent logged) {
    Frame frame = Frame.of(logged);
    for (Subscriber subscriber : channel.subscribers) {
      if (!subscriber.offer(frame)) {
        channel.subscribers.remove(subscriber);
      }
    }
    channel.deliveredSeq = logged.seq();
  }

  /**
   * Under the channel's lock, with subscribers: offers every logged event after the last one
   * offered, read from the log (pruned ones are skipped, as in a replay).
   */
  private void catchUp(Channel channel, String projectId) {
    while (true) {
      List<LoggedEvent> page = log.page(projectId, channel.deliveredSeq, replayPageSize);
      page.forEach(logged -> fanOut(channel, logged));
      if (page.size() < replayPageSize) {
        return;
      }
    }
  }

  /**
   * Under the channel's lock: brings the channel up to the log, which other instances append to
   * too. A channel without subscribers has offered nothing to anyone, so it only learns where the
   * log ends.
   */
  private long syncWithLog(Channel channel, String projectId) {
    if (channel.subscribers.isEmpty()) {
      channel.deliveredSeq = log.lastSeq(projectId);
    } else {
      catchUp(channel, projectId);
    }
    return channel.deliveredSeq;
  }

  /**
   * Another instance logged the project's events up to {@code seq} (EventLogListener): they are
   * read from the log and offered here, on the reader's threads, in order after what was offered.
   */
  void loggedElsewhere(String projectId, long seq) {
    Channel channel = channels.get(projectId);
    if (channel == null || channel.deliveredSeq >= seq) {
      // Nobody here has asked for the project since it was last forgotten (a subscription reads the
      // log under the lock, after this event was committed), or this one was offered already.
      return;
    }
    catchUpSoon(channel, projectId);
  }

  /** Every watched project catches up from the log: after a listen connection was lost. */
  void catchUpAll() {
    channels.forEach(
        (projectId, channel) -> {
          if (!channel.subscribers.isEmpty()) {
            catchUpSoon(channel, projectId);
          }
        });
  }

  /**
   * Rooms of projects deleted while this instance could not hear the deleting one's notice (a lost
   * listen connection, or before it listened) go as if the notice had come.
   */
  void forgetDeleted() {
    for (String projectId : List.copyOf(channels.keySet())) {
      if (!log.projectExists(projectId)) {
        forget(projectId);
      }
    }
  }

  /** The projects whose last read of the log failed try again. */
  void retryFailedCatchUps() {
    channels.forEach(
        (projectId, channel) -> {
          if (channel.behind) {
            catchUpSoon(channel, projectId);
          }
        });
  }

  /** At most one catch-up waits per channel: a burst of notifications costs one read. */
  private void catchUpSoon(Channel channel, String projectId) {
    if (!channel.catchUpQueued.compareAndSet(false, true)) {
      return;
    }
    try {
      reader.execute(() -> catchUpNow(channel, projectId));
    } catch (RejectedExecutionException stopping) {
      channel.catchUpQueued.set(false);
    }
  }

  private void catchUpNow(Channel channel, String projectId) {
    channel.catchUpQueued.set(false);
    channel.lock.lock();
    try {
      if (!channel.subscribers.isEmpty()) {
        catchUp(channel, projectId);
      }
      channel.behind = false;
    } catch (RuntimeException failure) {
      // The listener's next quiet moment tries again from the same seq.
      channel.behind = true;
      LOG.log(Level.WARNING, "Reading project " + projectId + "'s new events failed", failure);
    } finally {
      channel.lock.unlock();
    }
  }

  /**
   * Subscribes to a project's live events; with {@code afterSeq}, first replays every logged event
   * after it. {@code reply} is queued first, with the figures of the subscription. The replay is
   * counted and read outside the lock, a page at a time as the client takes them (Replay); only
   * joining the live events takes the lock, as publishing does.
   */
  public Subscription subscribe(
      Subscriber subscriber,
      String projectId,
      Long afterSeq,
      Object token,
      Function<Subscription, Frame> reply) {
    long first = afterSeq == null ? 0 : Math.max(log.firstSeq(projectId), 1);
    Channel channel = channel(projectId);
    long lastSeq;
    channel.lock.lock();
    try {
      lastSeq = syncWithLog(channel, projectId);
      if (afterSeq == null || afterSeq >= lastSeq) {
        Subscription live = new Subscription(lastSeq, afterSeq == null ? lastSeq + 1 : first, 0);
        subscriber.offer(reply.apply(live));
        channel.subscribers.add(subscriber);
        return live;
      }
    } finally {
      channel.lock.unlock();
    }
    Subscription replaying =
        new Subscription(lastSeq, first, log.count(projectId, afterSeq, lastSeq));
    if (subscriber.offer(reply.apply(replaying))) {
      new Replay(this, log, paging(subscriber), reader, subscriber, projectId, token, afterSeq)
          .start();
    }
    return replaying;
  }

  /**
   * A page is at most a share of the connection's queue: every subscription a connection may hold
   * can replay at once, each with a page waiting, and still leave half the queue to live events and
   * replies, so a client that subscribes to many projects is not dropped for their history.
   */
  private Replay.Paging paging(Subscriber subscriber) {
    int shares = 2 * Math.max(1, maxSubscriptions);
    return new Replay.Paging(
        Math.max(1, Math.min(replayPageSize, subscriber.queueFrames() / shares)),
        Math.max(1, subscriber.queueBudget() / shares));
  }

  /**
   * The last step of a replay: under the lock, a subscriber that has every event up to the
   * project's last seq joins the live events; false when more were logged since its last page.
   */
  boolean joinIfCaughtUp(Subscriber subscriber, String projectId, Object token, long replayedUpTo) {
    Channel channel = channel(projectId);
    channel.lock.lock();
    try {
      if (!subscriber.holds(projectId, token)) {
        // Unsubscribed before this: leave the membership alone, it may be a later subscription's
        // (which joins under this same lock).
        return true;
      }
      if (syncWithLog(channel, projectId) > replayedUpTo) {
        return false;
      }
      channel.subscribers.add(subscriber);
      // Unsubscribed (or closed) while the replay ran: unsubscribing does not take the lock, so
      // either it removed the subscriber after this add, or this sees it gone and undoes the add.
      if (!subscriber.holds(projectId, token)) {
        channel.subscribers.remove(subscriber);
      }
      return true;
    } finally {
      channel.lock.unlock();
    }
  }

  public void unsubscribe(Subscriber subscriber, String projectId) {
    // The subscription first: a replay about to join sees it gone (joinIfCaughtUp).
    subscriber.projects().remove(projectId);
    Channel channel = channels.get(projectId);
    if (channel != null) {
      channel.subscribers.remove(subscriber);
    }
  }

  public void unsubscribeAll(Subscriber subscriber) {
    for (String projectId : List.copyOf(subscriber.projects())) {
      unsubscribe(subscriber, projectId);
    }
  }

  /**
   * A deleted project's channel goes (its logged events went with the project's rows); deleted
   * here, the other instances are told, so that theirs go too.
   */
  void forget(@Observes ProjectDeleted deleted) {
    forget(deleted.projectId());
    if (!deleted.elsewhere()) {
      try {
        log.announceDeletion(deleted.projectId(), deleted.slug());
      } catch (RuntimeException failure) {
        // The deletion has committed; the others let go of the room when their listen connection
        // is next renewed instead (forgetDeleted).
        LOG.log(Level.WARNING, "Telling other instances of a deleted project failed", failure);
      }
    }
  }

  private void forget(String projectId) {
    Channel channel = channels.remove(projectId);
    if (channel != null) {
      channel.subscribers.forEach(subscriber -> subscriber.projects().remove(projectId));
    }
  }

  private Channel channel(String projectId) {
    return channels.computeIfAbsent(projectId, id -> new Channel());
  }
}
