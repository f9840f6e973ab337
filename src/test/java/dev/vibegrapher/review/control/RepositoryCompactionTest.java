package dev.vibegrapher.review.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vibegrapher.git.control.GitRepositories;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Compactions of one repository do not overlap on an instance; other repositories' do. */
class RepositoryCompactionTest {

  private final ExecutorService threads = Executors.newFixedThreadPool(2);
  private final CountDownLatch started = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private final List<String> compacted = new CopyOnWriteArrayList<>();
  private final RepositoryCompaction cut = new RepositoryCompaction();

  @AfterEach
  void stop() {
    release.countDown();
    threads.shutdownNow();
  }

  /** A repository store whose compaction of "slow" holds until the test releases it. */
  private void withSlowCompaction() {
    cut.git =
        new GitRepositories() {
          @Override
          public boolean compactWhenMany(String name) {
            compacted.add(name);
            if (name.equals("slow")) {
              started.countDown();
              await(release);
            }
            return true;
          }
        };
  }

  @Test
  void aSecondCompactionOfARepositoryBeingCompactedSkips() throws Exception {
    withSlowCompaction();
    Future<?> first = threads.submit(() -> cut.compact("slow"));
    assertTrue(started.await(10, TimeUnit.SECONDS));

    cut.compact("slow");
    cut.compact("other");

    assertEquals(List.of("slow", "other"), compacted, "the second of slow skipped");
    release.countDown();
    first.get(10, TimeUnit.SECONDS);
    cut.compact("slow");
    assertEquals(List.of("slow", "other", "slow"), compacted, "again once the first is done");
  }

  @Test
  void aFailedCompactionDoesNotBlockTheNext() {
    cut.git =
        new GitRepositories() {
          @Override
          public boolean compactWhenMany(String name) {
            compacted.add(name);
            throw new IllegalStateException("the database went away");
          }
        };

    cut.compact("broken");
    cut.compact("broken");

    assertEquals(List.of("broken", "broken"), compacted);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
