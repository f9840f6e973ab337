package dev.vibegrapher.review.control;

import dev.vibegrapher.review.entity.Diff;
import java.time.Instant;

/** A diff on the wire; test_results holds the last test run, or null before any. */
public record DiffView(String id, String sessionId, String projectId, String baseCommit, String targetBranch,
    String diffContent, String status, String vibecoderPrompt, String evaluatorReasoning, String commitMessage,
    String humanFeedback, String committedSha, String revertedSha, java.util.List<TestResult> testResults, Instant testsRunAt, Instant createdAt, Instant updatedAt) {

  public static DiffView of(Diff diff) {
    return new DiffView(diff.id(), diff.sessionId(), diff.projectId(), diff.baseCommit(), diff.targetBranch(),
        diff.diffContent(), diff.status().wireName(), diff.vibecoderPrompt(), diff.evaluatorReasoning(), diff.commitMessage(),
        diff.humanFeedback(), diff.committedSha(), diff.revertedSha(), TestResult.parse(diff.testResults()), diff.testsRunAt(), diff.createdAt(), diff.updatedAt());
  }
}
