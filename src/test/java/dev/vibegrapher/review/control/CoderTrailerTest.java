package dev.vibegrapher.review.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CoderTrailerTest {

  private static final String TRAILER = "Co-authored-by: VibeCoder <vibecoder@localhost>";

  @Test
  void aMessageGetsTheTrailerAfterABlankLine() {
    assertEquals("Make x ten\n\n" + TRAILER, CoderTrailer.withTrailer("Make x ten\n", TRAILER));
    assertEquals(
        "Make x ten\n\nBecause.\n\n" + TRAILER,
        CoderTrailer.withTrailer("Make x ten\n\nBecause.", TRAILER));
  }

  @Test
  void aTrailerBlockThatEndsTheMessageIsJoined() {
    assertEquals(
        "Fix\n\nSigned-off-by: Rita <rita@example.com>\n" + TRAILER,
        CoderTrailer.withTrailer("Fix\n\nSigned-off-by: Rita <rita@example.com>", TRAILER));
  }

  @Test
  void theTrailerIsNeverAddedTwice() {
    String once = CoderTrailer.withTrailer("Fix", TRAILER);
    assertEquals(once, CoderTrailer.withTrailer(once, TRAILER));
  }

  @Test
  void aSubjectThatLooksLikeATrailerIsNotABlock() {
    assertEquals("Note: fix\n\n" + TRAILER, CoderTrailer.withTrailer("Note: fix", TRAILER));
  }
}
