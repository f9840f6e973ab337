package dev.vibegrapher.agent.control;

import dev.vibegrapher.agent.entity.LlmUsage;
import dev.vibegrapher.agent.entity.Spender;
import dev.vibegrapher.platform.boundary.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The token budgets, read from the ledger ({@link Spending}): a session's in all, and per UTC day a
 * project's, a caller's and the whole server's. A run over a budget does not start, and a run that
 * crosses one stops after the call that crossed it. Each is unlimited while unset.
 */
@ApplicationScoped
@Transactional
public class Budgets {

  @PersistenceContext EntityManager entityManager;

  @Inject
  @ConfigProperty(name = "vibegrapher.session-token-budget")
  Optional<Long> sessionTokenBudget;

  @Inject
  @ConfigProperty(name = "vibegrapher.project-daily-token-budget")
  Optional<Long> projectDailyTokenBudget;

  @Inject
  @ConfigProperty(name = "vibegrapher.caller-daily-token-budget")
  Optional<Long> callerDailyTokenBudget;

  @Inject
  @ConfigProperty(name = "vibegrapher.global-daily-token-budget")
  Optional<Long> globalDailyTokenBudget;

  /**
   * A budget that is used up, with its figures; {@code resetsAt} is null for a budget that never
   * resets.
   */
  public record BudgetExhausted(
      String setting, long limit, long used, Instant resetsAt, String detail) {

    /** The figures a client reads from the 429. */
    Map<String, Object> figures() {
      Map<String, Object> figures = new LinkedHashMap<>();
      figures.put("budget", setting);
      figures.put("limit_tokens", limit);
      figures.put("used_tokens", used);
      if (resetsAt != null) {
        figures.put("resets_at", resetsAt.toString());
      }
      return figures;
    }
  }

  /** Refuses (429, with the figures) when the spender has used up a budget. */
  public void requireRoom(Spender spender) {
    exhaustedBudget(spender)
        .ifPresent(
            budget -> {
              throw new ProblemException(
                  Response.Status.TOO_MANY_REQUESTS,
                  "budget-exhausted",
                  budget.detail(),
                  budget.figures());
            });
  }

  /**
   * The first budget this spender has used up, narrowest first (session, project, caller, server);
   * empty when all have room. Only the budgets that are set cost a query.
   */
  public Optional<BudgetExhausted> exhaustedBudget(Spender spender) {
    Instant midnight = LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant resetsAt = midnight.plus(1, ChronoUnit.DAYS);
    if (sessionTokenBudget.isPresent()) {
      long limit = sessionTokenBudget.get();
      long used = tokens(LlmUsage.SESSION_TOKENS, spender.sessionId(), null);
      if (used >= limit) {
        return Optional.of(
            new BudgetExhausted(
                "VIBEGRAPHER_SESSION_TOKEN_BUDGET",
                limit,
                used,
                null,
                "The session token budget (VIBEGRAPHER_SESSION_TOKEN_BUDGET) of "
                    + limit
                    + " tokens is used up: "
                    + used
                    + " tokens so far."));
      }
    }
    return daily(
            projectDailyTokenBudget,
            "VIBEGRAPHER_PROJECT_DAILY_TOKEN_BUDGET",
            "The project's",
            resetsAt,
            () -> tokens(LlmUsage.PROJECT_TOKENS_SINCE, spender.projectId(), midnight))
        .or(
            () ->
                daily(
                    callerDailyTokenBudget,
                    "VIBEGRAPHER_CALLER_DAILY_TOKEN_BUDGET",
                    "The caller's",
                    resetsAt,
                    () -> tokens(LlmUsage.CALLER_TOKENS_SINCE, spender.callerSubject(), midnight)))
        .or(
            () ->
                daily(
                    globalDailyTokenBudget,
                    "VIBEGRAPHER_GLOBAL_DAILY_TOKEN_BUDGET",
                    "The server's",
                    resetsAt,
                    () -> tokens(LlmUsage.TOKENS_SINCE, null, midnight)));
  }

  private static Optional<BudgetExhausted> daily(
      Optional<Long> budget,
      String setting,
      String whose,
      Instant resetsAt,
      LongSupplier usedToday) {
    if (budget.isEmpty()) {
      return Optional.empty();
    }
    long limit = budget.get();
    long used = usedToday.getAsLong();
    if (used < limit) {
      return Optional.empty();
    }
    return Optional.of(
        new BudgetExhausted(
            setting,
            limit,
            used,
            resetsAt,
            whose
                + " daily token budget ("
                + setting
                + ") of "
                + limit
                + " tokens is used up: "
                + used
                + " tokens today (UTC); it resets at "
                + resetsAt
                + "."));
  }

  private long tokens(String query, String id, Instant since) {
    var sum = entityManager.createNamedQuery(query);
    if (id != null) {
      sum.setParameter("id", id);
    }
    if (since != null) {
      sum.setParameter("since", since);
    }
    Object tokens = sum.getSingleResult();
    return tokens == null ? 0 : ((Number) tokens).longValue();
  }
}
