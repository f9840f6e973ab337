package dev.vibegrapher.realtime.control;

import dev.vibegrapher.realtime.entity.LoggedEvent;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One subscriber catching up on a project's log: a page at a time, read from the database outside
 * the project's lock, the next page only once the client has taken the last. When a page finds
 * nothing newer than the project's last seq, the subscriber joins the live events under the lock,
 * so the events after the replay's last are exactly those the fan-out offers it: no gap, no
 * duplicate. A client that stops reading stops its replay, holding at most one page.
 */
final class Replay {

  private static final Logger LOG = Logger.getLogger(Replay.class.getName());

  /** How much one page may hold: rows read, and bytes of frame text queued. */
  record Paging(int rows, long bytes) {}

  private final ProjectChannels channels;
  private final EventLog log;
  private final Paging paging;
  private final Subscriber subscriber;
  private final String projectId;
  private final Object token;
  private final Executor reader;
  private long cursor;

  Replay(
      ProjectChannels channels,
      EventLog log,
      Paging paging,
      Executor reader,
      Subscriber subscriber,
      String projectId,
      Object token,
      long afterSeq) {
    this.channels = channels;
    this.log = log;
    this.paging = paging;
    this.subscriber = subscriber;
    this.projectId = projectId;
    this.token = token;
    this.cursor = afterSeq;
    this.reader = reader;
  }

  /** Reads the next page on the reader's threads, never on the caller's. */
  void start() {
    reader.execute(this::next);
  }

  private void next() {
    if (!subscriber.holds(projectId, token)) {
      ended();
      return;
    }
    List<LoggedEvent> page;
    try {
      page = log.page(projectId, cursor, paging.rows());
    } catch (RuntimeException failure) {
      // What was asked for cannot be given now: the subscription ends with an error frame, and the
      // client subscribes again from the last seq it has.
      LOG.log(Level.WARNING, "Replaying the log of project " + projectId + " failed", failure);
      failed();
      ended();
      return;
    }
    // A page holds at most half the connection's budget, so what else is queued meanwhile
    // (live events of its other projects, replies) still fits.
    long bytes = 0;
    boolean cut = false;
    for (LoggedEvent event : page) {
      if (!subscriber.holds(projectId, token)) {
        ended(); // unsubscribed meanwhile: a later subscription of the project must not get this
        // one's events
        return;
      }
      Frame frame = Frame.of(event);
      if (bytes > 0 && bytes + frame.size() > paging.bytes()) {
        cut = true;
        break;
      }
      if (!subscriber.offer(frame)) {
        return;
      }
      bytes += frame.size();
      cursor = event.seq();
    }
    if (!cut && page.size() < paging.rows() && joined()) {
      ended();
      return;
    }
    subscriber.whenDrained(this::start);
  }

  /** True once the subscriber joined the live events (or has gone); false: more to replay. */
  private boolean joined() {
    try {
      return channels.joinIfCaughtUp(subscriber, projectId, token, cursor);
    } catch (RuntimeException failure) {
      // Joining reads where the log ends: like a page that cannot be read.
      LOG.log(Level.WARNING, "Replaying the log of project " + projectId + " failed", failure);
      failed();
      return true;
    }
  }

  private void failed() {
    if (subscriber.release(projectId, token)) { // not a later subscription of the same project
      subscriber.offer(
          Frame.error(
              projectId, "The replay could not be read; subscribe again with your last seq."));
    }
  }

  /**
   * A drained queue starts one waiting page; a replay that ends may have sent nothing that would
   * drain, so it hands the turn on, or another replay of the connection waits for the next frame.
   */
  private void ended() {
    subscriber.whenDrained(() -> {});
  }
}
