package dev.vibegrapher.review.control;

import dev.vibegrapher.identity.entity.Person;
import dev.vibegrapher.review.entity.Diff;
import java.time.Instant;
import java.util.List;

/**
 * A diff on the wire; test_results holds the last test run, or null before any. reviewed_by is the
 * human who approved or rejected it, committed_by and reverted_by who did those (null until someone
 * did).
 */
public record DiffView(
    String id,
    String sessionId,
    String projectId,
    String baseCommit,
    String targetBranch,
    String diffContent,
    String status,
    String vibecoderPrompt,
    String evaluatorReasoning,
    String commitMessage,
    String humanFeedback,
    String committedSha,
    String revertedSha,
    List<TestResult> testResults,
    Instant testsRunAt,
    Person testsRunBy,
    Person reviewedBy,
    Instant reviewedAt,
    Person committedBy,
    Instant committedAt,
    Person revertedBy,
    Instant revertedAt,
    Instant createdAt,
    Instant updatedAt) {

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
        TestResult.parse(diff.testResults()),
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
}
