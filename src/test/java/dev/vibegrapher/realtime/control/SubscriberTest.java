package dev.vibegrapher.realtime.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.enterprise.concurrent.ManagedThreadFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SubscriberTest {

  RealtimeConnections connections;

  /** A client whose first send never completes: everything after it stays queued. */
  static class StuckClient extends Subscriber {
    final List<Frame> sent = new ArrayList<>();
    final List<DropReason> disconnects = new ArrayList<>();

    StuckClient(RealtimeConnections connections) {
      super(connections);
    }

    @Override
    protected synchronized CompletionStage<?> transmit(Frame frame) {
      sent.add(frame);
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
}
