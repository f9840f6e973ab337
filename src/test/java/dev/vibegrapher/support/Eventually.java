package dev.vibegrapher.support;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;

/** For what another instance learns a moment later: asked again until it answers as wanted. */
public final class Eventually {

  private Eventually() {}

  /**
   * What {@code read} gives once it gives {@code wanted}, or its last answer after {@code limit}.
   */
  public static <T> T answer(Callable<T> read, T wanted, Duration limit) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    T last = read.call();
    while (!last.equals(wanted) && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
      last = read.call();
    }
    return last;
  }

  /** The refusal of a subscribe to a project, once it says the project is unknown (or the last). */
  public static String subscribeRefusal(WsClient client, String projectId, Duration limit)
      throws Exception {
    return answer(
        () -> {
          client.subscribe(projectId);
          return client.nextOfType("error").get("data").get("detail").asText();
        },
        unknownProject(projectId),
        limit);
  }

  public static String unknownProject(String projectId) {
    return "Unknown project: " + projectId + ".";
  }
}
