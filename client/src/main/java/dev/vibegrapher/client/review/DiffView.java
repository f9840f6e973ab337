package dev.vibegrapher.client.review;

import dev.vibegrapher.client.identity.Person;
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
    Instant updatedAt) {}
