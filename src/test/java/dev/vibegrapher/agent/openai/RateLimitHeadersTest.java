package dev.vibegrapher.agent.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RateLimitHeadersTest {

  private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");

  private static Optional<Duration> cut(Map<String, String> headers) {
    Map<String, List<String>> multi = new java.util.HashMap<>();
    headers.forEach((name, value) -> multi.put(name, List.of(value)));
    return RateLimitHeaders.retryAfter(multi, NOW);
  }

  @Test
  void millisecondsComeFirstThenSecondsOrADate() {
    assertEquals(
        Optional.of(Duration.ofMillis(750)),
        cut(Map.of("retry-after-ms", "750", "Retry-After", "9")));
    assertEquals(Optional.of(Duration.ofSeconds(3)), cut(Map.of("Retry-After", "3")));
    assertEquals(
        Optional.of(Duration.ofSeconds(30)),
        cut(Map.of("Retry-After", "Fri, 04 Dec 2026 10:00:30 GMT")));
    assertEquals(
        Optional.of(Duration.ZERO),
        cut(Map.of("retry-after", "Fri, 04 Dec 2026 09:00:00 GMT")),
        "a date in the past: at once");
  }

  @Test
  void theResetOfTheExhaustedLimitOtherwise() {
    assertEquals(
        Optional.of(Duration.ofMillis(20)),
        cut(
            Map.of(
                "x-ratelimit-remaining-tokens",
                "0",
                "x-ratelimit-reset-tokens",
                "20ms",
                "x-ratelimit-remaining-requests",
                "12",
                "x-ratelimit-reset-requests",
                "6m0s")));
    assertEquals(
        Optional.of(Duration.ofSeconds(360)),
        cut(Map.of("x-ratelimit-reset-tokens", "1.5s", "x-ratelimit-reset-requests", "6m0s")),
        "neither said exhausted: the later reset");
    assertEquals(
        Optional.of(Duration.ofMillis(3_723_500)), RateLimitHeaders.resetDuration("1h2m3.5s"));
  }

  @Test
  void nothingUsableIsNoWait() {
    assertEquals(Optional.empty(), cut(Map.of()));
    assertEquals(
        Optional.empty(),
        cut(Map.of("Retry-After", "soon", "x-ratelimit-reset-requests", "2 minutes")));
    assertEquals(Optional.empty(), cut(Map.of("retry-after-ms", "-5")));
  }
}
