package dev.vibegrapher.agent.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import dev.vibegrapher.platform.entity.Ids;

/** One LLM call's tokens and price, kept for totals and budgets even after its session is deleted. */
@Entity
@Table(name = "llm_usage")
@NamedQuery(name = LlmUsage.TOTALS_OF_SESSION, query = "SELECT SUM(u.promptTokens), SUM(u.completionTokens), SUM(u.totalTokens), SUM(u.costUsd) FROM LlmUsage u WHERE u.sessionId = :id")
@NamedQuery(name = LlmUsage.TOTALS_OF_PROJECT, query = "SELECT SUM(u.promptTokens), SUM(u.completionTokens), SUM(u.totalTokens), SUM(u.costUsd) FROM LlmUsage u WHERE u.projectId = :id")
@NamedQuery(name = LlmUsage.PROJECT_TOKENS_SINCE, query = "SELECT SUM(u.totalTokens) FROM LlmUsage u WHERE u.projectId = :id AND u.createdAt >= :since")
public class LlmUsage {

  public static final String TOTALS_OF_SESSION = "LlmUsage.totalsOfSession";
  public static final String TOTALS_OF_PROJECT = "LlmUsage.totalsOfProject";
  public static final String PROJECT_TOKENS_SINCE = "LlmUsage.projectTokensSince";

  @Id private String id;

  @Column(name = "project_id")
  private String projectId;

  @Column(name = "session_id")
  private String sessionId;

  @Column(name = "run_id")
  private String runId;

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

  public LlmUsage(String projectId, String sessionId, String runId, TokenUsage usage, BigDecimal costUsd) {
    this.id = Ids.next();
    this.projectId = projectId;
    this.sessionId = sessionId;
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
