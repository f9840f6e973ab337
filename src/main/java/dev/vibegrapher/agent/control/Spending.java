package dev.vibegrapher.agent.control;

import dev.vibegrapher.agent.entity.LlmUsage;
import dev.vibegrapher.agent.entity.TokenUsage;
import dev.vibegrapher.agent.entity.UsageTotals;
import dev.vibegrapher.platform.boundary.ProblemException;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import jakarta.enterprise.event.Observes;
import dev.vibegrapher.project.entity.ProjectDeleted;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What the LLM has cost, per session and per project, and the budgets that cap it. Budgets are
 * enforced: a run over budget does not start, and a run that crosses one stops after the call
 * that crossed it.
 */
@ApplicationScoped
@Transactional
public class Spending {

  @PersistenceContext EntityManager entityManager;
  @Inject PriceTable prices;

  @Inject
  @ConfigProperty(name = "vibegrapher.session-token-budget")
  Optional<Long> sessionTokenBudget;

  @Inject
  @ConfigProperty(name = "vibegrapher.project-daily-token-budget")
  Optional<Long> projectDailyTokenBudget;

  // Project totals are on every project read, the list included: kept here (one instance takes
  // writes), read from the ledger when first asked and again once a recorded call has committed.
  // Dropped only after the commit: a total read while the call's row is uncommitted would miss it.
  private final Map<String, UsageTotals> projectTotals = new ConcurrentHashMap<>();

  @Resource TransactionSynchronizationRegistry transaction;

  /** A recorded call: its price, if the model has one, and the session's total tokens with it. */
  public record Recorded(Optional<BigDecimal> cost, long sessionTotalTokens) {
  }

  /** Records one call; the session's total is read in the same transaction, so it counts the call exactly once. */
  public Recorded record(String projectId, String sessionId, String runId, TokenUsage usage) {
    Optional<BigDecimal> cost = prices.cost(usage);
    entityManager.persist(new LlmUsage(projectId, sessionId, runId, usage, cost.orElse(null)));
    transaction.registerInterposedSynchronization(new Synchronization() {
      @Override
      public void beforeCompletion() {
        // nothing to do before the commit
      }

      @Override
      public void afterCompletion(int status) {
        projectTotals.remove(projectId);
      }
    });
    return new Recorded(cost, ofSession(sessionId).totalTokens());
  }

  public UsageTotals ofSession(String sessionId) {
    return totals(LlmUsage.TOTALS_OF_SESSION, sessionId);
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public UsageTotals ofProject(String projectId) {
    return projectTotals.computeIfAbsent(projectId, id -> totals(LlmUsage.TOTALS_OF_PROJECT, id));
  }

  void forget(@Observes ProjectDeleted deleted) {
    projectTotals.remove(deleted.projectId());
  }

  /** Refuses (429, with the figures) when the session or its project has used up a budget. */
  public void requireRoom(String projectId, String sessionId) {
    exhaustedBudget(projectId, sessionId).ifPresent(budget -> {
      throw new ProblemException(Response.Status.TOO_MANY_REQUESTS, "budget-exhausted", budget.detail(),
          Map.of("budget", budget.setting(), "limit_tokens", budget.limit(), "used_tokens", budget.used()));
    });
  }

  /** A budget that is used up, with its figures. */
  public record BudgetExhausted(String setting, long limit, long used, String detail) {
  }

  /** The first budget this session or project has used up; empty when both have room. */
  public Optional<BudgetExhausted> exhaustedBudget(String projectId, String sessionId) {
    if (sessionTokenBudget.isPresent()) {
      long used = ofSession(sessionId).totalTokens();
      if (used >= sessionTokenBudget.get()) {
        return Optional.of(new BudgetExhausted("VIBEGRAPHER_SESSION_TOKEN_BUDGET", sessionTokenBudget.get(), used,
            "The session token budget (VIBEGRAPHER_SESSION_TOKEN_BUDGET) of " + sessionTokenBudget.get()
                + " tokens is used up: " + used + " tokens so far."));
      }
    }
    if (projectDailyTokenBudget.isPresent()) {
      long used = projectTokensToday(projectId);
      if (used >= projectDailyTokenBudget.get()) {
        return Optional.of(new BudgetExhausted("VIBEGRAPHER_PROJECT_DAILY_TOKEN_BUDGET", projectDailyTokenBudget.get(), used,
            "The project's daily token budget (VIBEGRAPHER_PROJECT_DAILY_TOKEN_BUDGET) of " + projectDailyTokenBudget.get()
                + " tokens is used up: " + used + " tokens today (UTC)."));
      }
    }
    return Optional.empty();
  }

  private long projectTokensToday(String projectId) {
    Instant midnight = LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
    Long used = entityManager.createNamedQuery(LlmUsage.PROJECT_TOKENS_SINCE, Long.class)
        .setParameter("id", projectId).setParameter("since", midnight).getSingleResult();
    return used == null ? 0 : used;
  }

  private UsageTotals totals(String query, String id) {
    Object[] row = (Object[]) entityManager.createNamedQuery(query).setParameter("id", id).getSingleResult();
    if (row[0] == null) {
      return UsageTotals.NONE;
    }
    BigDecimal cost = row[3] == null ? BigDecimal.ZERO : ((BigDecimal) row[3]).stripTrailingZeros();
    return new UsageTotals(((Number) row[0]).longValue(), ((Number) row[1]).longValue(), ((Number) row[2]).longValue(), cost);
  }
}
