package dev.vibegrapher.platform.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KeptValuesTest {

  private final KeptValues<String, Integer> values = new KeptValues<>();
  private final AtomicInteger reads = new AtomicInteger();
  // Threads of its own: the common pool may have a single one, which a blocked read would hold.
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  @Test
  void aValueIsReadOnceAndKept() {
    assertEquals(1, values.get("p", key -> reads.incrementAndGet()));
    assertEquals(1, values.get("p", key -> reads.incrementAndGet()));
    assertEquals(1, reads.get());
  }

  @Test
  void aForgottenValueIsReadAgain() {
    values.get("p", key -> reads.incrementAndGet());
    values.get("q", key -> reads.incrementAndGet());
    values.forget("p");
    assertEquals(3, values.get("p", key -> reads.incrementAndGet()));
    assertEquals(2, values.get("q", key -> reads.incrementAndGet()));
    values.forgetAll();
    assertEquals(4, values.get("q", key -> reads.incrementAndGet()));
  }

  @Test
  void forgettingDoesNotWaitForAReadInProgressWhichIsThenNotKept() throws Exception {
    CountDownLatch reading = new CountDownLatch(1);
    CountDownLatch answer = new CountDownLatch(1);
    CompletableFuture<Integer> slow = readBlocked(reading, answer);
    assertEquals(true, reading.await(10, TimeUnit.SECONDS));

    // Were forgetting to wait for the read, it would wait for the answer released only after it.
    CompletableFuture.runAsync(() -> values.forget("p"), threads).get(10, TimeUnit.SECONDS);
    answer.countDown();

    assertEquals(1, slow.get(10, TimeUnit.SECONDS));
    assertEquals(2, values.get("p", key -> reads.incrementAndGet()));
  }

  @Test
  void callersAskingAtOnceShareOneRead() throws Exception {
    CountDownLatch reading = new CountDownLatch(1);
    CountDownLatch answer = new CountDownLatch(1);
    CompletableFuture<Integer> first = readBlocked(reading, answer);
    assertEquals(true, reading.await(10, TimeUnit.SECONDS));
    CompletableFuture<Integer> second =
        CompletableFuture.supplyAsync(
            () -> values.get("p", key -> reads.incrementAndGet()), threads);
    answer.countDown();

    assertEquals(1, first.get(10, TimeUnit.SECONDS));
    assertEquals(1, second.get(10, TimeUnit.SECONDS));
    assertEquals(1, reads.get());
  }

  @Test
  void aFailedReadIsNotKept() {
    IllegalStateException down = new IllegalStateException("database down");
    assertEquals(
        down,
        assertThrows(
            IllegalStateException.class,
            () ->
                values.get(
                    "p",
                    key -> {
                      throw down;
                    })));
    assertEquals(1, values.get("p", key -> reads.incrementAndGet()));
  }

  /** A read of "p" on a thread of its own: it says when it started, and answers once released. */
  private CompletableFuture<Integer> readBlocked(CountDownLatch reading, CountDownLatch answer) {
    return CompletableFuture.supplyAsync(
        () ->
            values.get(
                "p",
                key -> {
                  reading.countDown();
                  await(answer);
                  return reads.incrementAndGet();
                }),
        threads);
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("not released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
