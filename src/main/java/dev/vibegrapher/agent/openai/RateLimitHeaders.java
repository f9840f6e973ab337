package dev.vibegrapher.agent.openai;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a provider asks a client to wait, from the headers of its answer: {@code retry-after-ms}
 * (milliseconds, as OpenAI's own SDKs read it), {@code Retry-After} (seconds or an HTTP date, RFC
 * 9110 section 10.2.3), or else the reset of the exhausted limit among OpenAI's {@code
 * x-ratelimit-reset-requests} / {@code -tokens} (durations such as "1s", "6m0s", "20ms";
 * platform.openai.com/docs/guides/rate-limits).
 */
final class RateLimitHeaders {

  private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");

  private RateLimitHeaders() {}

  static Optional<Duration> retryAfter(Map<String, List<String>> rawHeaders, Instant now) {
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.putAll(rawHeaders);
    Optional<Duration> wait =
        first(headers, "retry-after-ms")
            .flatMap(RateLimitHeaders::millis)
            .or(() -> first(headers, "retry-after").flatMap(value -> retryAfterValue(value, now)));
    if (wait.isPresent()) {
      return wait;
    }
    Optional<Duration> requests =
        first(headers, "x-ratelimit-reset-requests").flatMap(RateLimitHeaders::resetDuration);
    Optional<Duration> tokens =
        first(headers, "x-ratelimit-reset-tokens").flatMap(RateLimitHeaders::resetDuration);
    boolean requestsExhausted =
        first(headers, "x-ratelimit-remaining-requests").filter("0"::equals).isPresent();
    boolean tokensExhausted =
        first(headers, "x-ratelimit-remaining-tokens").filter("0"::equals).isPresent();
    if (requestsExhausted != tokensExhausted) {
      return requestsExhausted ? requests : tokens;
    }
    return requests.isEmpty()
        ? tokens
        : tokens.map(t -> t.compareTo(requests.get()) > 0 ? t : requests.get()).or(() -> requests);
  }

  private static Optional<String> first(Map<String, List<String>> headers, String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty()
        ? Optional.empty()
        : Optional.ofNullable(values.get(0)).map(String::strip);
  }

  private static Optional<Duration> millis(String value) {
    try {
      double millis = Double.parseDouble(value);
      return millis >= 0
          ? Optional.of(Duration.ofNanos((long) (millis * 1_000_000)))
          : Optional.empty();
    } catch (NumberFormatException notANumber) {
      return Optional.empty();
    }
  }

  private static Optional<Duration> retryAfterValue(String value, Instant now) {
    try {
      double seconds = Double.parseDouble(value);
      return seconds >= 0
          ? Optional.of(Duration.ofMillis((long) (seconds * 1000)))
          : Optional.empty();
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
      } catch (DateTimeParseException notADate) {
        return Optional.empty();
      }
    }
  }

  /** "6m0s", "1.5s", "20ms", "1h2m3s". */
  static Optional<Duration> resetDuration(String value) {
    Matcher part = DURATION_PART.matcher(value);
    long nanos = 0;
    int end = 0;
    while (part.find()) {
      if (part.start() != end) {
        return Optional.empty();
      }
      double amount = Double.parseDouble(part.group(1));
      double unit =
          switch (part.group(2)) {
            case "h" -> 3.6e12;
            case "m" -> 6e10;
            case "s" -> 1e9;
            default -> 1e6;
          };
      nanos += (long) (amount * unit);
      end = part.end();
    }
    return end == value.length() && end > 0
        ? Optional.of(Duration.ofNanos(nanos))
        : Optional.empty();
  }
}
