package dev.vibegrapher.session.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RunsPerCallerTest {

  private final RunsPerCaller cut = new RunsPerCaller(2);

  @Test
  void aCallerGetsAsManySlotsAsTheLimitAndAnotherCallerHasTheirOwn() {
    assertTrue(cut.take("ann"));
    assertTrue(cut.take("ann"));
    assertFalse(cut.take("ann"), "the third is refused");
    assertEquals(2, cut.running("ann"), "a refusal takes nothing");
    assertTrue(cut.take("bob"));
  }

  @Test
  void aSlotGivenBackCanBeTakenAgainAndACallerWithoutRunsIsForgotten() {
    cut.take("ann");
    cut.take("ann");
    cut.give("ann");
    assertTrue(cut.take("ann"));
    cut.give("ann");
    cut.give("ann");
    assertEquals(0, cut.running("ann"));
    cut.give("ann");
    assertEquals(0, cut.running("ann"), "nothing to give back: no count below zero");
  }

  @Test
  void callersTakingAtOnceNeverGetMoreThanTheLimit() throws Exception {
    RunsPerCaller four = new RunsPerCaller(4);
    AtomicInteger taken = new AtomicInteger();
    CyclicBarrier together = new CyclicBarrier(16);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      Thread thread =
          new Thread(
              () -> {
                try {
                  together.await();
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
                if (four.take("ann")) {
                  taken.incrementAndGet();
                }
              });
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertEquals(4, taken.get());
    assertEquals(4, four.running("ann"));
  }

  @Test
  void aLimitBelowOneIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new RunsPerCaller(0));
  }
}
