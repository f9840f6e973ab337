package dev.vibegrapher.project.control;

import java.text.Normalizer;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/**
 * Slugs name repository directories, so they are plain: lowercase ASCII letters and digits in words
 * joined by '-', never empty, never a path.
 */
public final class Slugs {

  static final int MAX_LENGTH = 60;

  private Slugs() {}

  // Letters that Unicode decomposition leaves alone but every reader spells in ASCII.
  private static final Map<String, String> SPELLED_OUT =
      Map.of("æ", "ae", "ø", "o", "ß", "ss", "œ", "oe", "ł", "l", "đ", "d", "þ", "th", "ð", "d");

  public static String of(String name) {
    String lower = (name == null ? "" : name).toLowerCase(Locale.ROOT);
    for (var letter : SPELLED_OUT.entrySet()) {
      lower = lower.replace(letter.getKey(), letter.getValue());
    }
    String ascii = Normalizer.normalize(lower, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
    String slug =
        ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    if (slug.length() > MAX_LENGTH) {
      slug = slug.substring(0, MAX_LENGTH).replaceAll("-+$", "");
    }
    return slug.isEmpty() ? "project" : slug;
  }

  /** The first of base, base-1, base-2, ... that is not taken. */
  public static String firstFree(String base, Collection<String> taken) {
    if (!taken.contains(base)) {
      return base;
    }
    for (int n = 1; ; n++) {
      String candidate = base + "-" + n;
      if (!taken.contains(candidate)) {
        return candidate;
      }
    }
  }
}
