package dev.vibegrapher.platform.boundary;

import dev.vibegrapher.platform.entity.PageCursor;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Optional;

/**
 * The query parameters of every paged list ({@code limit}, {@code cursor}), read the same way
 * everywhere.
 */
public final class Paging {

  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 200;

  private Paging() {}

  /** The limit asked for, 1 to {@code max}; 400 {@code invalid-limit} otherwise. */
  public static int limit(String text, int max) {
    int limit = text != null && text.matches("[0-9]{1,4}") ? Integer.parseInt(text) : -1;
    if (limit < 1 || limit > max) {
      throw new ProblemException(
          Response.Status.BAD_REQUEST,
          "invalid-limit",
          "limit must be between 1 and " + max + ".",
          Map.of("max_limit", max));
    }
    return limit;
  }

  /**
   * Where the page starts: after the cursor's item, or at the newest; 400 {@code invalid-cursor}
   * for a cursor this server did not give.
   */
  public static Optional<PageCursor> after(String cursor) {
    if (cursor == null) {
      return Optional.empty();
    }
    return Optional.of(
        PageCursor.decode(cursor)
            .orElseThrow(
                () ->
                    new ProblemException(
                        Response.Status.BAD_REQUEST,
                        "invalid-cursor",
                        "cursor must be a next_cursor this server gave.",
                        Map.of())));
  }
}
