package dev.vibegrapher.review.control;

import static dev.vibegrapher.review.control.AuditText.summaryOf;

import dev.vibegrapher.agent.control.Budgets;
import dev.vibegrapher.agent.control.Evaluator;
import dev.vibegrapher.agent.control.LlmRefused;
import dev.vibegrapher.agent.control.LlmUnavailable;
import dev.vibegrapher.agent.control.Spending;
import dev.vibegrapher.agent.entity.Spender;
import dev.vibegrapher.audit.control.AuditLog;
import dev.vibegrapher.audit.entity.AuditAction;
import dev.vibegrapher.identity.entity.Caller;
import dev.vibegrapher.project.control.ProjectGuard;
import dev.vibegrapher.review.entity.Diff;
import dev.vibegrapher.review.entity.DiffStep;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;

/** Asks the evaluator for a better commit message and stores it on the diff. */
@ApplicationScoped
public class CommitMessageRefiner {

  // Who has a commit message being written right now: one at a time per person.
  private final Set<String> refining = ConcurrentHashMap.newKeySet();

  @Inject DiffChanges changes;
  @Inject Evaluator evaluator;
  @Inject Spending spending;
  @Inject Budgets budgets;
  @Inject AuditLog audit;
  @Inject ProjectGuard guard;

  /** The message the evaluator proposed, now the diff's. */
  public String refine(String id, String hint, Caller actor) {
    Diff diff = changes.find(id);
    diff.requireAllowed(DiffStep.REFINE_MESSAGE);
    // The reviewer who asks spends the tokens, from their own budget as from the session's and
    // project's.
    Spender spender = new Spender(diff.projectId(), diff.sessionId(), actor.subject());
    budgets.requireRoom(spender);
    // One at a time per person: the budget is checked before the call and counted after it, so
    // calls in parallel would all pass the check before any was counted.
    if (!refining.add(actor.subject())) {
      throw new RefinementInProgress();
    }
    Evaluator.CommitMessage proposal;
    try {
      proposal =
          evaluator.proposeCommitMessage(
              diff.vibecoderPrompt(), diff.diffContent(), diff.commitMessage(), hint);
    } catch (LlmRefused refused) {
      // An answer refused was still paid for.
      refused.usage().ifPresent(usage -> spending.record(spender, null, usage));
      throw new NoMessageProposed(refused);
    } catch (LlmUnavailable | FaultToleranceException failure) {
      throw new NoMessageProposed(failure);
    } finally {
      refining.remove(actor.subject());
    }
    spending.record(spender, null, proposal.usage());
    guard.holding(
        diff.projectId(),
        () -> {
          // The LLM took its time: the diff may have been decided meanwhile.
          changes.find(id).requireAllowed(DiffStep.REFINE_MESSAGE);
          changes.change(
              id,
              actor,
              stored -> {
                stored.refineMessage(proposal.message());
                audit.record(
                    actor,
                    AuditAction.DIFF_MESSAGE_REFINED,
                    stored.projectId(),
                    id,
                    "Refined the commit message of " + summaryOf(stored));
              });
        });
    return proposal.message();
  }
}
