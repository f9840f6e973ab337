package dev.vibegrapher.review.control;

import dev.vibegrapher.client.review.DiffView;
import dev.vibegrapher.client.review.TestResult;
import dev.vibegrapher.platform.control.WireFormat;
import dev.vibegrapher.review.entity.Diff;
import java.util.List;

/** Diffs as the wire shows them, and their test results as they are stored. */
public final class DiffViews {

  private DiffViews() {}

  public static DiffView of(Diff diff) {
    return new DiffView(
        diff.id(),
        diff.sessionId(),
        diff.projectId(),
        diff.baseCommit(),
        diff.targetBranch(),
        diff.diffContent(),
        diff.status().wireName(),
        diff.vibecoderPrompt(),
        diff.evaluatorReasoning(),
        diff.commitMessage(),
        diff.humanFeedback(),
        diff.committedSha(),
        diff.revertedSha(),
        testResults(diff.testResults()),
        diff.testsRunAt(),
        diff.testsRunBy(),
        diff.reviewedBy(),
        diff.reviewedAt(),
        diff.committedBy(),
        diff.committedAt(),
        diff.revertedBy(),
        diff.revertedAt(),
        diff.createdAt(),
        diff.updatedAt());
  }

  /** Test results as a diff stores them: the wire's JSON. */
  static String testResultsJson(List<TestResult> results) {
    return WireFormat.JSONB.toJson(results);
  }

  static List<TestResult> testResults(String json) {
    if (json == null) {
      return null;
    }
    TestResult[] results = WireFormat.JSONB.fromJson(json, TestResult[].class);
    return List.of(results);
  }
}
