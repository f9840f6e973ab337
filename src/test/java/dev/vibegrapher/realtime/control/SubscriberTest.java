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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.ThreadFactory;
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
    connections.channels = new ProjectChannels();
    // The counter behind realtime_clients_dropped_total, without a metric registry.
    connections.metrics = new RealtimeMetrics() {
      @Override
      void dropped(Subscriber.DropReason reason) {
        countedDrops.add(reason);
      }
    };
    ThreadFactory plain = Executors.defaultThreadFactory();
    connections.threads = new ManagedThreadFactory() {
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
  void aLongReplayDoesNotCountAgainstTheLiveQueue() {
    StuckClient client = new StuckClient(connections);
    for (int seq = 1; seq <= 100; seq++) {
      client.offerUnbounded(new Frame(seq, "conversation_message", "{}"));
    }
    for (int live = 0; live < 4; live++) {
      assertTrue(client.offer(new Frame(101 + live, "conversation_message", "{}")), "live frame " + live);
    }
    assertTrue(client.isOpen());
    assertEquals(List.of(), client.disconnects);
  }

  @Test
  void theLiveFramePastTheLimitIsRefusedAndTheClientDroppedAsTooSlow() throws Exception {
    StuckClient client = new StuckClient(connections);
    // The first frame is taken by the send that never completes; the next four fill the queue.
    assertTrue(client.offer(new Frame(1, "conversation_message", "{}")));
    assertTrue(client.firstSend.await(10, TimeUnit.SECONDS), "the first frame went to the transport");
    for (int seq = 2; seq <= 5; seq++) {
      assertTrue(client.offer(new Frame(seq, "conversation_message", "{}")), "live frame " + seq + " is within the limit");
    }
    assertTrue(client.isOpen());

    assertFalse(client.offer(new Frame(6, "conversation_message", "{}")), "the frame past the limit is refused");
    assertFalse(client.isOpen());
    assertEquals(List.of(Subscriber.DropReason.TOO_SLOW), client.disconnects, "closed once, as too slow");
    assertEquals(List.of(Subscriber.DropReason.TOO_SLOW), countedDrops, "counted once, as too slow");
    assertFalse(client.offer(new Frame(7, "conversation_message", "{}")), "nothing more is taken");
    client.offerUnbounded(new Frame(8, "conversation_message", "{}"));
    synchronized (client) {
      assertEquals(1, client.sent.size(), "nothing more is sent: " + client.sent);
    }
  }
}
