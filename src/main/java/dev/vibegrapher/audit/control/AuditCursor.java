package dev.vibegrapher.audit.control;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Where a page of the audit log ended: the last entry's time and id, opaque to clients (URL-safe
 * base64), so a page stays right while new entries arrive above it.
 */
public record AuditCursor(Instant occurredAt, String id) {

  public String encode() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString((occurredAt + "|" + id).getBytes(StandardCharsets.UTF_8));
  }

  /** Empty when the text is not a cursor this server gave. */
  public static Optional<AuditCursor> decode(String text) {
    try {
      String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split("\\|", -1);
      if (parts.length != 2 || parts[1].isEmpty() || parts[1].length() > 36) {
        return Optional.empty();
      }
      return Optional.of(new AuditCursor(Instant.parse(parts[0]), parts[1]));
    } catch (IllegalArgumentException | java.time.DateTimeException notACursor) {
      return Optional.empty();
    }
  }
}
