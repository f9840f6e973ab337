package dev.vibegrapher.platform.entity;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Where a page of a newest-first list ended (the audit log, the projects): the last item's time and
 * id, opaque to clients (URL-safe base64), so a page stays right while new items arrive above it.
 */
public record PageCursor(Instant occurredAt, String id) {

  private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

  public String encode() {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((occurredAt + "|" + id).getBytes(StandardCharsets.UTF_8));
  }

  /** Empty when the text is not a cursor this server gave. */
  public static Optional<PageCursor> decode(String text) {
    try {
      String[] parts =
          new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split("\\|", -1);
      if (parts.length != 2 || parts[1].isEmpty() || parts[1].length() > 36) {
        return Optional.empty();
      }
      Instant at = Instant.parse(parts[0]);
      // Instant reads years up to a billion, beyond what the databases store: such a cursor was not
      // ours.
      if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
        return Optional.empty();
      }
      return Optional.of(new PageCursor(at, parts[1]));
    } catch (IllegalArgumentException | java.time.DateTimeException notACursor) {
      return Optional.empty();
    }
  }
}
