package dev.vibegrapher.platform.control;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * Values read from the database, kept until forgotten. Forgetting never waits for a read in
 * progress: it happens on the thread that hears other instances' notices, where a
 * ConcurrentHashMap's computeIfAbsent would hold it until the database answered. A read that began
 * before its key was forgotten answers its own callers but is not kept; callers asking at once
 * share one read.
 */
public final class KeptValues<K, V> {

  private final ConcurrentMap<K, CompletableFuture<V>> kept = new ConcurrentHashMap<>();

  /** The kept value, or what {@code read} answers now (kept unless forgotten meanwhile). */
  public V get(K key, Function<K, V> read) {
    while (true) {
      CompletableFuture<V> known = kept.get(key);
      if (known == null) {
        CompletableFuture<V> mine = new CompletableFuture<>();
        known = kept.putIfAbsent(key, mine);
        if (known == null) {
          return readInto(mine, key, read);
        }
      }
      try {
        return known.join();
      } catch (CompletionException failed) {
        // Another caller's read failed and was not kept: this caller reads for itself.
        kept.remove(key, known);
      }
    }
  }

  private V readInto(CompletableFuture<V> mine, K key, Function<K, V> read) {
    try {
      V value = read.apply(key);
      mine.complete(value);
      return value;
    } catch (RuntimeException | Error failure) {
      kept.remove(key, mine);
      mine.completeExceptionally(failure);
      throw failure;
    }
  }

  public void forget(K key) {
    kept.remove(key);
  }

  public void forgetAll() {
    kept.clear();
  }
}
