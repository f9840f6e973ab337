package dev.vibegrapher.agent.control;

import dev.vibegrapher.agent.entity.LlmUsage;
import dev.vibegrapher.agent.entity.Spender;
import dev.vibegrapher.agent.entity.TokenUsage;
import dev.vibegrapher.client.agent.UsageTotals;
import dev.vibegrapher.platform.control.KeptValues;
import dev.vibegrapher.platform.entity.ChangedElsewhere;
import dev.vibegrapher.project.entity.ProjectDeleted;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * What the LLM has cost, per session and per project: the ledger every call is written to, which
 * the budgets ({@link Budgets}) are enforced from.
 */
@ApplicationScoped
@Transactional
public class Spending {

  @PersistenceContext EntityManager entityManager;
  @Inject PriceTable prices;

  // Project totals are on every project read, the list included: kept here, read from the ledger
  // when first asked and again once a recorded call has committed, here or on another instance.
  // Dropped only after the commit: a total read while the call's row is uncommitted would miss it.
  private final KeptValues<String, UsageTotals> projectTotals = new KeptValues<>();

  @Resource TransactionSynchronizationRegistry transaction;

  /** A recorded call: its price, if the model has one, and the session's total tokens with it. */
  public record Recorded(Optional<BigDecimal> cost, long sessionTotalTokens) {}

  /**
   * Records one call; the session's total is read in the same transaction, so it counts the call
   * exactly once.
   */
  public Recorded record(Spender spender, String runId, TokenUsage usage) {
    Optional<BigDecimal> cost = prices.cost(usage);
    entityManager.persist(new LlmUsage(spender, runId, usage, cost.orElse(null)));
    String projectId = spender.projectId();
    transaction.registerInterposedSynchronization(
        new Synchronization() {
          @Override
          public void beforeCompletion() {
            // nothing to do before the commit
          }

          @Override
          public void afterCompletion(int status) {
            projectTotals.forget(projectId);
          }
        });
    return new Recorded(cost, ofSession(spender.sessionId()).totalTokens());
  }

  public UsageTotals ofSession(String sessionId) {
    return totals(LlmUsage.TOTALS_OF_SESSION, sessionId);
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public UsageTotals ofProject(String projectId) {
    return projectTotals.get(projectId, id -> totals(LlmUsage.TOTALS_OF_PROJECT, id));
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  void forget(@Observes ProjectDeleted deleted) {
    projectTotals.forget(deleted.projectId());
  }

  /**
   * Another instance's run records its calls and then logs their token_usage (or, refining a commit
   * message, the diff's change): the total it changed is read again here once that event is heard.
   * A refused refinement logs nothing, so its cost shows elsewhere with the project's next event.
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  void forget(@Observes ChangedElsewhere changed) {
    if (changed.projectId() == null) {
      projectTotals.forgetAll();
    } else {
      projectTotals.forget(changed.projectId());
    }
  }

  private UsageTotals totals(String query, String id) {
    Object[] row =
        (Object[]) entityManager.createNamedQuery(query).setParameter("id", id).getSingleResult();
    if (row[0] == null) {
      return UsageTotals.NONE;
    }
    BigDecimal cost = row[3] == null ? BigDecimal.ZERO : ((BigDecimal) row[3]).stripTrailingZeros();
    return new UsageTotals(
        ((Number) row[0]).longValue(),
        ((Number) row[1]).longValue(),
        ((Number) row[2]).longValue(),
        cost);
  }
}
