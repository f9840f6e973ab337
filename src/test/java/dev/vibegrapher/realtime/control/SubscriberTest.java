package dev.vibegrapher.realtime.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.enterprise.concurrent.ManagedThreadFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SubscriberTest {

  RealtimeConnections connections;
  final List<Subscriber.DropReason> countedDrops = new ArrayList<>();

  /** A client whose first send never completes: everything after it stays queued. */
  static class StuckClient extends Subscriber {
    final List<Frame> sent = new ArrayList<>();
    final List<DropReason> disconnects = new ArrayList<>();
    final CountDownLatch firstSend = new CountDownLatch(1);

    StuckClient(RealtimeConnections connections) {
      super(connections);
    }

    @Override
    protected synchronized CompletionStage<?> transmit(Frame frame) {
      sent.add(frame);
      firstSend.countDown();
      return new CompletableFuture<>();
    }

    @Override
    protected synchronized void disconnect(DropReason reason) {
      disconnects.add(reason);
    }
  }

  @BeforeEach
  void setUp() {
    connections = new RealtimeConnections();
    connections.queueSize = 4;
    connections.queueBytes = 100;
    connections.channels = new ProjectChannels();
    // The counter behind realtime_clients_dropped_total, without a metric registry.
    connections.metrics =
        new RealtimeMetrics() {
          @Override
          void dropped(Subscriber.DropReason reason) {
            countedDrops.add(reason);
          }
        };
    ThreadFactory plain = Executors.defaultThreadFactory();
    connections.threads =
        new ManagedThreadFactory() {
          @Override
          public Thread newThread(Runnable task) {
            return plain.newThread(task);
          }

          @Override
          public ForkJoinWorkerThread newThread(ForkJoinPool pool) {
            return ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
          }
        };
    connections.startSender();
  }

  @AfterEach
  void tearDown() {
    connections.stopSender();
  }

  @Test
  void theFramePastTheFrameLimitIsRefusedAndTheClientDroppedAsTooSlow() throws Exception {
    StuckClient client = new StuckClient(connections);
    // The first frame is taken by the send that never completes; the next four fill the queue.
    assertTrue(client.offer(new Frame(1, "conversation_message", "{}")));
    assertTrue(
        client.firstSend.await(10, TimeUnit.SECONDS), "the first frame went to the transport");
    for (int seq = 2; seq <= 5; seq++) {
      assertTrue(
          client.offer(new Frame(seq, "conversation_message", "{}")),
          "live frame " + seq + " is within the limit");
    }
    assertTrue(client.isOpen());

    assertFalse(
        client.offer(new Frame(6, "conversation_message", "{}")),
        "the frame past the limit is refused");
    assertFalse(client.isOpen());
    assertEquals(
        List.of(Subscriber.DropReason.TOO_SLOW), client.disconnects, "closed once, as too slow");
    assertEquals(
        List.of(Subscriber.DropReason.TOO_SLOW), countedDrops, "counted once, as too slow");
    assertFalse(client.offer(new Frame(7, "conversation_message", "{}")), "nothing more is taken");
    client.offer(new Frame(8, "conversation_message", "{}"));
    synchronized (client) {
      assertEquals(1, client.sent.size(), "nothing more is sent: " + client.sent);
    }
  }

  @Test
  void repliesCountAgainstTheByteBudgetAndTheClientPastItIsDropped() throws Exception {
    connections.queueSize = 1000;
    StuckClient client = new StuckClient(connections);
    Frame pong = Frame.control("pong", null, null);
    assertTrue(client.offer(pong));
    assertTrue(
        client.firstSend.await(10, TimeUnit.SECONDS), "the first frame went to the transport");
    // 100 bytes of budget: six 15-byte pongs fit, the seventh does not.
    for (int n = 1; n <= 6; n++) {
      assertTrue(client.offer(pong), "pong " + n + " is within the budget");
    }
    assertEquals(90, client.queuedBytes());
    assertFalse(client.offer(pong), "the reply past the budget is refused");
    assertFalse(client.isOpen());
    assertEquals(0, client.queuedBytes(), "a dropped client holds nothing");
    assertEquals(List.of(Subscriber.DropReason.OVER_BUDGET), client.disconnects);
    assertEquals(List.of(Subscriber.DropReason.OVER_BUDGET), countedDrops);
  }

  @Test
  void oneFrameLargerThanTheBudgetIsTakenWhenNothingElseWaits() throws Exception {
    StuckClient client = new StuckClient(connections);
    assertTrue(client.offer(new Frame(1, "conversation_message", "{}")));
    assertTrue(client.firstSend.await(10, TimeUnit.SECONDS));
    assertTrue(
        client.offer(new Frame(2, "conversation_message", "x".repeat(500))),
        "alone in the queue: taken");
    assertFalse(
        client.offer(new Frame(3, "conversation_message", "{}")), "behind it, nothing more");
    assertEquals(List.of(Subscriber.DropReason.OVER_BUDGET), client.disconnects);
  }

  /** A client that takes every frame at once. */
  static class ReadingClient extends Subscriber {
    final List<Frame> sent = new java.util.concurrent.CopyOnWriteArrayList<>();

    ReadingClient(RealtimeConnections connections) {
      super(connections);
    }

    @Override
    protected CompletionStage<?> transmit(Frame frame) {
      sent.add(frame);
      return CompletableFuture.completedFuture(null);
    }

    @Override
    protected void disconnect(DropReason reason) {}
  }

  @Test
  void whatWaitsForTheQueueToDrainRunsOnceEverythingQueuedWasSentAndNotBefore() throws Exception {
    ReadingClient reading = new ReadingClient(connections);
    for (int seq = 1; seq <= 3; seq++) {
      reading.offer(new Frame(seq, "conversation_message", "{}"));
    }
    CountDownLatch drained = new CountDownLatch(1);
    List<Integer> sentWhenDrained = new java.util.concurrent.CopyOnWriteArrayList<>();
    reading.whenDrained(
        () -> {
          sentWhenDrained.add(reading.sent.size());
          drained.countDown();
        });
    assertTrue(drained.await(10, TimeUnit.SECONDS));
    assertEquals(List.of(3), sentWhenDrained);

    StuckClient stuck = new StuckClient(connections);
    stuck.offer(new Frame(1, "conversation_message", "{}"));
    stuck.offer(new Frame(2, "conversation_message", "{}"));
    CountDownLatch never = new CountDownLatch(1);
    stuck.whenDrained(never::countDown);
    assertFalse(
        never.await(200, TimeUnit.MILLISECONDS), "a client that takes nothing gets no next page");
  }

  @Test
  void aConnectionSubscribesToAProjectOnceAndToABoundedNumberOfProjects() {
    StuckClient client = new StuckClient(connections);
    Object first = new Object();
    assertEquals(Subscriber.Claim.CLAIMED, client.claim("a", 2, first));
    assertEquals(Subscriber.Claim.ALREADY_SUBSCRIBED, client.claim("a", 2, new Object()));
    assertTrue(client.holds("a", first), "the first subscription stays in force");
    assertEquals(Subscriber.Claim.CLAIMED, client.claim("b", 2, new Object()));
    assertEquals(Subscriber.Claim.TOO_MANY, client.claim("c", 2, new Object()));
    client.projects().remove("b");
    assertEquals(Subscriber.Claim.CLAIMED, client.claim("c", 2, new Object()));
  }
}
