package dev.vibegrapher.review.entity;

import dev.vibegrapher.client.identity.Person;
import dev.vibegrapher.identity.entity.People;
import dev.vibegrapher.platform.entity.Ids;
import dev.vibegrapher.platform.entity.TimestampedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A change the evaluator approved, as a proper unified diff against the commit the request started
 * from. Its status changes only through the steps of {@link DiffStep}; a step its status does not
 * allow is refused with {@link DiffStatusConflict}.
 */
@Entity
@Table(name = "diffs")
@NamedQuery(
    name = Diff.OF_SESSION,
    query = "SELECT d FROM Diff d WHERE d.sessionId = :sessionId ORDER BY d.createdAt, d.id")
@NamedQuery(
    name = Diff.OF_SESSION_WITH_STATUS,
    query =
        "SELECT d FROM Diff d WHERE d.sessionId = :sessionId AND d.status = :status ORDER BY d.createdAt, d.id")
@NamedQuery(
    name = Diff.OF_PROJECT,
    query = "SELECT d FROM Diff d WHERE d.projectId = :projectId ORDER BY d.createdAt, d.id")
@NamedQuery(
    name = Diff.OF_PROJECT_WITH_STATUS,
    query =
        "SELECT d FROM Diff d WHERE d.projectId = :projectId AND d.status = :status ORDER BY d.createdAt, d.id")
public class Diff extends TimestampedEntity {

  public static final String OF_SESSION = "Diff.ofSession";
  public static final String OF_SESSION_WITH_STATUS = "Diff.ofSessionWithStatus";
  public static final String OF_PROJECT = "Diff.ofProject";
  public static final String OF_PROJECT_WITH_STATUS = "Diff.ofProjectWithStatus";

  @Id private String id;

  @Column(name = "session_id")
  private String sessionId;

  @Column(name = "project_id")
  private String projectId;

  @Column(name = "base_commit")
  private String baseCommit;

  @Column(name = "target_branch")
  private String targetBranch;

  @Column(name = "diff_content")
  private String diffContent;

  @Enumerated(EnumType.STRING)
  private DiffStatus status;

  @Column(name = "vibecoder_prompt")
  private String vibecoderPrompt;

  @Column(name = "evaluator_reasoning")
  private String evaluatorReasoning;

  @Column(name = "commit_message")
  private String commitMessage;

  @Column(name = "human_feedback")
  private String humanFeedback;

  @Column(name = "committed_sha")
  private String committedSha;

  @Column(name = "reverted_sha")
  private String revertedSha;

  @Column(name = "test_results")
  private String testResults;

  @Column(name = "tests_run_at")
  private Instant testsRunAt;

  @Column(name = "reviewed_by_name")
  private String reviewedByName;

  @Column(name = "reviewed_by_email")
  private String reviewedByEmail;

  @Column(name = "reviewed_at")
  private Instant reviewedAt;

  @Column(name = "committed_by_name")
  private String committedByName;

  @Column(name = "committed_by_email")
  private String committedByEmail;

  @Column(name = "committed_at")
  private Instant committedAt;

  @Column(name = "reverted_by_name")
  private String revertedByName;

  @Column(name = "reverted_by_email")
  private String revertedByEmail;

  @Column(name = "reverted_at")
  private Instant revertedAt;

  @Column(name = "tests_run_by_name")
  private String testsRunByName;

  @Column(name = "tests_run_by_email")
  private String testsRunByEmail;

  protected Diff() {}

  public Diff(
      String sessionId,
      String projectId,
      String baseCommit,
      String targetBranch,
      String diffContent,
      String vibecoderPrompt,
      String evaluatorReasoning,
      String commitMessage) {
    this.id = Ids.next();
    this.sessionId = sessionId;
    this.projectId = projectId;
    this.baseCommit = baseCommit;
    this.targetBranch = targetBranch;
    this.diffContent = diffContent;
    this.status = DiffStatus.EVALUATOR_APPROVED;
    this.vibecoderPrompt = vibecoderPrompt;
    this.evaluatorReasoning = evaluatorReasoning;
    this.commitMessage = commitMessage;
  }

  /**
   * Throws {@link DiffStatusConflict} unless the diff's status allows the step; changes nothing.
   */
  public void requireAllowed(DiffStep step) {
    if (!step.allowedFrom(status)) {
      throw new DiffStatusConflict(status, step);
    }
  }

  private void take(DiffStep step) {
    requireAllowed(step);
    status = step.after(status);
  }

  public void approveByHuman(Person reviewer) {
    take(DiffStep.APPROVE);
    reviewedBy(reviewer);
  }

  public void rejectByHuman(String feedback, Person reviewer) {
    take(DiffStep.REJECT);
    humanFeedback = feedback;
    reviewedBy(reviewer);
  }

  private void reviewedBy(Person reviewer) {
    reviewedByName = reviewer.name();
    reviewedByEmail = reviewer.email();
    reviewedAt = now();
  }

  public void refineMessage(String message) {
    take(DiffStep.REFINE_MESSAGE);
    commitMessage = message;
  }

  public void committed(String sha, String message, Person committer) {
    take(DiffStep.COMMIT);
    committedSha = sha;
    commitMessage = message;
    committedByName = committer.name();
    committedByEmail = committer.email();
    committedAt = now();
  }

  public void reverted(String sha, Person reverter) {
    take(DiffStep.REVERT);
    revertedSha = sha;
    revertedByName = reverter.name();
    revertedByEmail = reverter.email();
    revertedAt = now();
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }

  /**
   * Stores a test run's results. Not checked against {@link DiffStep#RUN_TESTS}: that is checked
   * when the run starts, and a run takes seconds without holding the diff, so a diff committed
   * meanwhile still gets the results of the run it allowed.
   */
  public void testsRan(String resultsJson, Instant at, Person runner) {
    testResults = resultsJson;
    testsRunAt = at;
    testsRunByName = runner.name();
    testsRunByEmail = runner.email();
  }

  public String id() {
    return id;
  }

  public String sessionId() {
    return sessionId;
  }

  public String projectId() {
    return projectId;
  }

  public String baseCommit() {
    return baseCommit;
  }

  public String targetBranch() {
    return targetBranch;
  }

  public String diffContent() {
    return diffContent;
  }

  public DiffStatus status() {
    return status;
  }

  public String vibecoderPrompt() {
    return vibecoderPrompt;
  }

  public String evaluatorReasoning() {
    return evaluatorReasoning;
  }

  public String commitMessage() {
    return commitMessage;
  }

  public String humanFeedback() {
    return humanFeedback;
  }

  public String committedSha() {
    return committedSha;
  }

  public String revertedSha() {
    return revertedSha;
  }

  public String testResults() {
    return testResults;
  }

  public Instant testsRunAt() {
    return testsRunAt;
  }

  public Person testsRunBy() {
    return People.stored(testsRunByName, testsRunByEmail);
  }

  public Person reviewedBy() {
    return People.stored(reviewedByName, reviewedByEmail);
  }

  public Instant reviewedAt() {
    return reviewedAt;
  }

  public Person committedBy() {
    return People.stored(committedByName, committedByEmail);
  }

  public Instant committedAt() {
    return committedAt;
  }

  public Person revertedBy() {
    return People.stored(revertedByName, revertedByEmail);
  }

  public Instant revertedAt() {
    return revertedAt;
  }
}
