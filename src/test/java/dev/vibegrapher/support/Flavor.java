package dev.vibegrapher.support;

import java.util.Arrays;
import java.util.stream.Stream;

/**
 * The databases the integration tests run against. {@code -Dit.databases=h2} narrows the run: the
 * tests of the other database are still listed, each reported as skipped with the reason ({@link
 * DatabaseLeftOut}), and the build ends with their count ({@link LeftOutSummary}).
 */
public enum Flavor {
  H2,
  POSTGRESQL;

  /** The databases this run covers (-Dit.databases, both by default). */
  public static Stream<Flavor> enabled() {
    return Arrays.stream(values()).filter(Flavor::isEnabled);
  }

  /** Every database: a test is listed once per database, whichever this run covers. */
  public static Stream<Flavor> all() {
    return Arrays.stream(values());
  }

  /** For a test that only PostgreSQL can show; its reason is in the test. */
  public static Stream<Flavor> postgresqlOnly() {
    return Stream.of(POSTGRESQL);
  }

  public boolean isEnabled() {
    return wanted().contains(name().toLowerCase());
  }

  static String wanted() {
    return System.getProperty("it.databases", "h2,postgresql").toLowerCase();
  }
}
