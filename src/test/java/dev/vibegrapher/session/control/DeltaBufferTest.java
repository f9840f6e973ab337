package dev.vibegrapher.session.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vibegrapher.agent.entity.Agent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DeltaBufferTest {

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final List<String> published = new ArrayList<>();
  private final DeltaBuffer.Sink sink =
      (agent, iteration, attempt, text) ->
          published.add(
              agent.wireName()
                  + "#"
                  + iteration
                  + (attempt == 1 ? "" : "/" + attempt)
                  + ":"
                  + text);

  private void advanceMillis(long millis) {
    now.addAndGet(millis * 1_000_000L);
  }

  @Test
  void theFirstDeltaGoesOutAtOnceAndQuickFollowersWaitForTheInterval() {
    DeltaBuffer buffer = new DeltaBuffer(50, now::get, sink);
    buffer.add(Agent.VIBECODER, 1, 1, "Hel");
    assertEquals(List.of("vibecoder#1:Hel"), published);

    advanceMillis(10);
    buffer.add(Agent.VIBECODER, 1, 1, "lo, ");
    advanceMillis(10);
    buffer.add(Agent.VIBECODER, 1, 1, "wor");
    assertEquals(1, published.size(), "deltas within the interval are held back");

    advanceMillis(30);
    buffer.add(Agent.VIBECODER, 1, 1, "ld");
    assertEquals(List.of("vibecoder#1:Hel", "vibecoder#1:lo, world"), published);
  }

  @Test
  void heldBackTextIsFlushedBeforeAnythingElseAndNothingTwice() {
    DeltaBuffer buffer = new DeltaBuffer(50, now::get, sink);
    buffer.add(Agent.VIBECODER, 1, 1, "a");
    buffer.add(Agent.VIBECODER, 1, 1, "b");
    buffer.flush();
    buffer.flush();
    assertEquals(List.of("vibecoder#1:a", "vibecoder#1:b"), published);
  }

  @Test
  void anotherIterationStartsAFreshDelta() {
    DeltaBuffer buffer = new DeltaBuffer(50, now::get, sink);
    buffer.add(Agent.VIBECODER, 1, 1, "first");
    buffer.add(Agent.VIBECODER, 1, 1, " answer");
    buffer.add(Agent.VIBECODER, 2, 1, "second");
    buffer.flush();
    assertEquals(
        List.of("vibecoder#1:first", "vibecoder#1: answer", "vibecoder#2:second"), published);
  }

  @Test
  void aZeroIntervalPublishesEveryDelta() {
    DeltaBuffer buffer = new DeltaBuffer(0, now::get, sink);
    buffer.add(Agent.VIBECODER, 1, 1, "a");
    buffer.add(Agent.VIBECODER, 1, 1, "b");
    assertEquals(List.of("vibecoder#1:a", "vibecoder#1:b"), published);
  }

  @Test
  void heldBackTextOfAnAbandonedAttemptIsDroppedAndTheNewAttemptIsMarked() {
    DeltaBuffer buffer = new DeltaBuffer(50, now::get, sink);
    buffer.add(Agent.VIBECODER, 1, 1, "The ans");
    buffer.add(Agent.VIBECODER, 1, 1, "wer is");
    advanceMillis(60);
    buffer.add(Agent.VIBECODER, 1, 2, "Fresh");
    buffer.add(Agent.VIBECODER, 1, 2, " start");
    buffer.flush();
    assertEquals(
        List.of("vibecoder#1:The ans", "vibecoder#1/2:Fresh", "vibecoder#1/2: start"), published);
  }
}
