package dev.vibegrapher.project.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ProjectLocksTest {

  private final ProjectLocks locks = new ProjectLocks();

  @Test
  void locksForIdsThatNameNothingDoNotOutliveTheirUse() {
    for (int i = 0; i < 100_000; i++) {
      locks.locked(UUID.randomUUID().toString(), () -> {});
    }
    assertEquals(0, locks.size());
    assertThrows(
        IllegalStateException.class,
        () ->
            locks.locked(
                "p",
                () -> {
                  throw new IllegalStateException("the work failed");
                }));
    assertEquals(0, locks.size(), "a failed work releases its lock too");
  }

  @Test
  void oneProjectAtATimeOthersInParallel() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      CountDownLatch holding = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      AtomicBoolean secondRan = new AtomicBoolean();
      Future<?> first =
          pool.submit(
              () ->
                  locks.locked(
                      "p",
                      () -> {
                        holding.countDown();
                        await(release);
                      }));
      assertTrue(holding.await(10, TimeUnit.SECONDS));
      Future<?> second = pool.submit(() -> locks.locked("p", () -> secondRan.set(true)));
      pool.submit(() -> locks.locked("q", () -> {}))
          .get(10, TimeUnit.SECONDS); // another project is not held up

      Thread.sleep(200);
      assertFalse(secondRan.get(), "the same project waits while it is held");
      assertEquals(1, locks.size(), "one lock, held and awaited");
      release.countDown();
      first.get(10, TimeUnit.SECONDS);
      second.get(10, TimeUnit.SECONDS);
      assertTrue(secondRan.get());
      assertEquals(0, locks.size());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void reentrantAndCountedUnderContention() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();
    try {
      var futures = new java.util.ArrayList<Future<?>>();
      for (int i = 0; i < 2000; i++) {
        String id = "p" + (i % 3);
        futures.add(
            pool.submit(
                () ->
                    locks.locked(
                        id,
                        () ->
                            locks.locked(
                                id,
                                () -> {
                                  if (id.equals("p0") && inside.incrementAndGet() > 1) {
                                    overlaps.incrementAndGet();
                                  }
                                  if (id.equals("p0")) {
                                    inside.decrementAndGet();
                                  }
                                }))));
      }
      for (Future<?> future : futures) {
        future.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(0, overlaps.get(), "never two at once in one project");
    assertEquals(0, locks.size());
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
