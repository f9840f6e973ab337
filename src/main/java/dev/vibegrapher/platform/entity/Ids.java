package dev.vibegrapher.platform.entity;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * New ids: random (version 4) UUIDs. Ids identify, they do not authorize, so they come from each
 * thread's own generator; {@code UUID.randomUUID()} draws from one SecureRandom behind one lock, on
 * which request threads were measured queueing when many runs started at once.
 */
public final class Ids {

  private Ids() {}

  public static String next() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }
}
