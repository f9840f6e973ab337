package dev.vibegrapher.identity.control;

import dev.vibegrapher.identity.entity.Authentication;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Bearers checked recently, by their hash, so that a script's every call costs neither a JWT
 * signature check nor a database read: at most {@link #MAX_ENTRIES}, each for at most {@link
 * #TIME_TO_LIVE} and never past its token's expiry. Revoking an access token drops it here at once.
 */
@ApplicationScoped
public class RecognisedBearers {

  static final int MAX_ENTRIES = 10_000;

  /**
   * A key the provider withdraws stops opening doors within this time, as the JWKS cache allows.
   */
  static final Duration TIME_TO_LIVE = Duration.ofMinutes(1);

  /** A recognised bearer; {@code accessTokenId} names our token behind it (null for others). */
  record Entry(
      Authentication authentication, Instant until, String accessTokenId, Instant useRecordedAt) {
    Entry usedAt(Instant now) {
      return new Entry(authentication, until, accessTokenId, now);
    }
  }

  private final Map<String, Entry> entries =
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
          return size() > MAX_ENTRIES;
        }
      };

  synchronized Optional<Entry> get(String hash, Instant now) {
    Entry entry = entries.get(hash);
    if (entry != null && !now.isBefore(entry.until())) {
      entries.remove(hash);
      return Optional.empty();
    }
    return Optional.ofNullable(entry);
  }

  synchronized void put(
      String hash, Authentication authentication, String accessTokenId, Instant now) {
    Instant until = now.plus(TIME_TO_LIVE);
    if (authentication.expiresAt().isPresent()
        && authentication.expiresAt().get().isBefore(until)) {
      until = authentication.expiresAt().get();
    }
    entries.put(hash, new Entry(authentication, until, accessTokenId, now));
  }

  synchronized void update(String hash, Entry entry) {
    entries.computeIfPresent(hash, (key, old) -> entry);
  }

  synchronized void forget(String hash) {
    entries.remove(hash);
  }
}
