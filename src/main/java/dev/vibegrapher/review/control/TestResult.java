package dev.vibegrapher.review.control;

import dev.vibegrapher.platform.control.WireFormat;
import java.util.List;

/** One test case run against a diff's patched code; output is truncated. */
public record TestResult(
    String testId, String testName, String status, String output, long durationMs) {

  public static final String PASSED = "passed";
  public static final String FAILED = "failed";
  public static final String ERROR = "error";

  static String toJson(List<TestResult> results) {
    return WireFormat.JSONB.toJson(results);
  }

  static List<TestResult> parse(String json) {
    if (json == null) {
      return null;
    }
    TestResult[] results = WireFormat.JSONB.fromJson(json, TestResult[].class);
    return List.of(results);
  }
}
