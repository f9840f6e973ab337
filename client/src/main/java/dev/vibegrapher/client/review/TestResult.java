package dev.vibegrapher.client.review;

/** One test case run against a diff's patched code; output is truncated. */
public record TestResult(
    String testId, String testName, String status, String output, long durationMs) {

  public static final String PASSED = "passed";
  public static final String FAILED = "failed";
  public static final String ERROR = "error";
}
