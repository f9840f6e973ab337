package dev.vibegrapher.review.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The test cases' time limits by default are the documented 5 s (quick) and 30 s (any other):
 * checked here where the jar sets them, since waiting 30 s for a hanging test proves no more.
 * SandboxTimeoutsIT shows through the jar that each configured limit is the one applied.
 */
class SandboxTimeoutDefaultsTest {

  @Test
  void theDefaultLimitsAreTheDocumentedOnes() throws Exception {
    Properties defaults = new Properties();
    try (InputStream file =
        SandboxedTests.class.getResourceAsStream("/META-INF/microprofile-config.properties")) {
      defaults.load(file);
    }
    assertEquals("5", defaults.getProperty("vibegrapher.tests.quick-timeout-seconds"));
    assertEquals("30", defaults.getProperty("vibegrapher.tests.timeout-seconds"));

    String configuration = docs("configuration.md");
    assertTrue(
        configuration.contains(
            "| `vibegrapher.tests.quick-timeout-seconds` | `VIBEGRAPHER_TESTS_QUICK_TIMEOUT_SECONDS` | `5` |"));
    assertTrue(
        configuration.contains(
            "| `vibegrapher.tests.timeout-seconds` | `VIBEGRAPHER_TESTS_TIMEOUT_SECONDS` | `30` |"));
    assertTrue(
        docs("api.md")
            .contains(
                "`VIBEGRAPHER_TESTS_QUICK_TIMEOUT_SECONDS` 5 for quick tests, `VIBEGRAPHER_TESTS_TIMEOUT_SECONDS` 30 otherwise"));
  }

  private static String docs(String name) throws IOException {
    return Files.readString(Path.of("docs", name));
  }
}
