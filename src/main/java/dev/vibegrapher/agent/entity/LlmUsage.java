package dev.vibegrapher.agent.entity;

import dev.vibegrapher.platform.entity.Ids;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One LLM call's tokens and price, and who spent them: kept for totals and budgets even after its
 * session or project is deleted (no foreign key), so a deletion gives no budget back.
 */
@Entity
@Table(name = "llm_usage")
@NamedQuery(
    name = LlmUsage.TOTALS_OF_SESSION,
    query =
        "SELECT SUM(u.promptTokens), SUM(u.completionTokens), SUM(u.totalTokens), SUM(u.costUsd) FROM LlmUsage u WHERE u.sessionId = :id")
@NamedQuery(
    name = LlmUsage.TOTALS_OF_PROJECT,
    query =
        "SELECT SUM(u.promptTokens), SUM(u.completionTokens), SUM(u.totalTokens), SUM(u.costUsd) FROM LlmUsage u WHERE u.projectId = :id")
@NamedQuery(
    name = LlmUsage.SESSION_TOKENS,
    query = "SELECT SUM(u.totalTokens) FROM LlmUsage u WHERE u.sessionId = :id")
@NamedQuery(
    name = LlmUsage.PROJECT_TOKENS_SINCE,
    query =
        "SELECT SUM(u.totalTokens) FROM LlmUsage u WHERE u.projectId = :id AND u.createdAt >= :since")
@NamedQuery(
    name = LlmUsage.CALLER_TOKENS_SINCE,
    query =
        "SELECT SUM(u.totalTokens) FROM LlmUsage u WHERE u.callerSubject = :id AND u.createdAt >= :since")
@NamedQuery(
    name = LlmUsage.TOKENS_SINCE,
    query = "SELECT SUM(u.totalTokens) FROM LlmUsage u WHERE u.createdAt >= :since")
public class LlmUsage {

  public static final String TOTALS_OF_SESSION = "LlmUsage.totalsOfSession";
  public static final String TOTALS_OF_PROJECT = "LlmUsage.totalsOfProject";
  public static final String SESSION_TOKENS = "LlmUsage.sessionTokens";
  public static final String PROJECT_TOKENS_SINCE = "LlmUsage.projectTokensSince";
  public static final String CALLER_TOKENS_SINCE = "LlmUsage.callerTokensSince";
  public static final String TOKENS_SINCE = "LlmUsage.tokensSince";

  @Id private String id;

  @Column(name = "project_id")
  private String projectId;

  @Column(name = "session_id")
  private String sessionId;

  @Column(name = "run_id")
  private String runId;

  @Column(name = "caller_subject")
  private String callerSubject;

  private String model;
  private String agent;

  @Column(name = "prompt_tokens")
  private long promptTokens;

  @Column(name = "cached_prompt_tokens")
  private long cachedPromptTokens;

  @Column(name = "completion_tokens")
  private long completionTokens;

  @Column(name = "total_tokens")
  private long totalTokens;

  @Column(name = "cost_usd")
  private BigDecimal costUsd;

  @Column(name = "created_at")
  private Instant createdAt;

  protected LlmUsage() {}

  public LlmUsage(Spender spender, String runId, TokenUsage usage, BigDecimal costUsd) {
    this.id = Ids.next();
    this.projectId = spender.projectId();
    this.sessionId = spender.sessionId();
    this.callerSubject = spender.callerSubject();
    this.runId = runId;
    this.model = usage.model();
    this.agent = usage.agent();
    this.promptTokens = usage.promptTokens();
    this.cachedPromptTokens = usage.cachedPromptTokens();
    this.completionTokens = usage.completionTokens();
    this.totalTokens = usage.totalTokens();
    this.costUsd = costUsd;
    this.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
  }
}
