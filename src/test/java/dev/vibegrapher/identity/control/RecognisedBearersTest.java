package dev.vibegrapher.identity.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vibegrapher.identity.entity.Authentication;
import dev.vibegrapher.identity.entity.Caller;
import dev.vibegrapher.identity.entity.Role;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecognisedBearersTest {

  private final RecognisedBearers cut = new RecognisedBearers();
  private final Instant now = Instant.parse("2026-12-06T10:00:00Z");

  private static Authentication until(Instant expiry) {
    return new Authentication(new Caller("u", "U", "", Role.VIEWER), Optional.ofNullable(expiry));
  }

  @Test
  void anEntryLastsItsTimeToLiveAtMost() {
    cut.put("h", until(null), null, now);

    assertTrue(cut.get("h", now.plus(RecognisedBearers.TIME_TO_LIVE).minusSeconds(1)).isPresent());
    assertTrue(cut.get("h", now.plus(RecognisedBearers.TIME_TO_LIVE)).isEmpty());
  }

  @Test
  void anEntryNeverOutlivesItsToken() {
    cut.put("h", until(now.plusSeconds(5)), null, now);

    assertTrue(cut.get("h", now.plusSeconds(4)).isPresent());
    assertTrue(cut.get("h", now.plusSeconds(5)).isEmpty());
  }

  @Test
  void aForgottenEntryIsGoneAtOnce() {
    cut.put("h", until(null), "token-id", now);
    cut.forget("h");

    assertTrue(cut.get("h", now).isEmpty());
  }

  @Test
  void theCacheIsBoundedAndDropsTheLeastRecentlyUsed() {
    for (int i = 0; i < RecognisedBearers.MAX_ENTRIES; i++) {
      cut.put("h" + i, until(null), null, now);
    }
    cut.get("h0", now);
    cut.put("one more", until(null), null, now);

    assertTrue(cut.get("h0", now).isPresent(), "used lately, so kept");
    assertTrue(cut.get("h1", now).isEmpty(), "the least recently used went");
    assertEquals("one more", cut.get("one more", now).map(entry -> "one more").orElse(""));
  }
}
