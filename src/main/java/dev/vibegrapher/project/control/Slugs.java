package dev.vibegrapher.project.control;

import java.text.Normalizer;
import java.util.Collection;
import java.util.Locale;

/**
 * Slugs name repository directories, so they are plain: lowercase ASCII letters and digits in
 * words joined by '-', never empty, never a path.
 */
public final class Slugs {

  static final int MAX_LENGTH = 60;

  private Slugs() {}

  public static String of(String name) {
    String ascii = Normalizer.normalize(name == null ? "" : name, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
    String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
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
