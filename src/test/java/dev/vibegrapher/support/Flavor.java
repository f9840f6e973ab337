package dev.vibegrapher.support;

import java.util.Arrays;
import java.util.stream.Stream;

/** The databases the integration tests run against; -Dit.databases=h2 narrows the run. */
public enum Flavor {
  H2,
  POSTGRESQL;

  public static Stream<Flavor> enabled() {
    String wanted = System.getProperty("it.databases", "h2,postgresql");
    Stream<Flavor> flavors = Arrays.stream(values()).filter(f -> wanted.toLowerCase().contains(f.name().toLowerCase()));
    if (!wanted.toLowerCase().contains("postgresql")) {
      System.err.println("*** it.databases=" + wanted + ": the PostgreSQL integration tests are NOT running ***");
    }
    return flavors;
  }
}
