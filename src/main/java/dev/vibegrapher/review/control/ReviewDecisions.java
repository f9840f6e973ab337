package dev.vibegrapher.review.control;

import static dev.vibegrapher.review.control.AuditText.summaryOf;

import dev.vibegrapher.audit.control.AuditLog;
import dev.vibegrapher.audit.entity.AuditAction;
import dev.vibegrapher.identity.entity.Caller;
import dev.vibegrapher.project.control.ProjectGuard;
import dev.vibegrapher.review.entity.Diff;
import dev.vibegrapher.review.entity.DiffStep;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import java.util.concurrent.atomic.AtomicReference;

/** The human's decision on a diff: approve it, or reject it with feedback for a new attempt. */
@ApplicationScoped
public class ReviewDecisions {

  @Inject DiffChanges changes;
  @Inject NewAttempts attempts;
  @Inject AuditLog audit;
  @Inject ProjectGuard guard;

  public Decision review(String id, boolean approved, String feedback, Caller actor) {
    // Under the project's lock, like commits: a decision reads the status it changes, and two at
    // once (a rejection and a commit, say) must not both pass the check and leave git and the diff
    // apart.
    return guard.holding(
        changes.find(id).projectId(),
        () -> {
          Diff diff = changes.find(id);
          return approved ? approve(diff, actor) : reject(diff, feedback, actor);
        });
  }

  private Decision approve(Diff diff, Caller actor) {
    diff.requireAllowed(DiffStep.APPROVE);
    String id = diff.id();
    return new Decision(
        changes.change(
            id,
            actor,
            stored -> {
              stored.approveByHuman(actor.person());
              audit.record(
                  actor,
                  AuditAction.DIFF_APPROVED,
                  stored.projectId(),
                  id,
                  "Approved " + summaryOf(stored));
            }),
        null);
  }

  private Decision reject(Diff diff, String feedback, Caller actor) {
    diff.requireAllowed(DiffStep.REJECT);
    if (feedback == null || feedback.isBlank()) {
      throw new BadRequestException(
          "feedback is required when rejecting a diff: say what should change.");
    }
    // The diff is rejected only once the new attempt is sure to start (if the session is busy or
    // over budget, it stays as it was), and before the attempt's prompt goes out.
    String id = diff.id();
    String reason = feedback.strip();
    AtomicReference<Diff> decided = new AtomicReference<>();
    String runId =
        attempts.afterRejection(
            diff.sessionId(),
            retryPrompt(diff, reason),
            actor,
            () ->
                decided.set(
                    changes.change(
                        id,
                        actor,
                        stored -> {
                          stored.rejectByHuman(reason, actor.person());
                          audit.record(
                              actor,
                              AuditAction.DIFF_REJECTED,
                              stored.projectId(),
                              id,
                              "Rejected " + summaryOf(stored) + ": " + reason);
                        })));
    return new Decision(decided.get(), runId);
  }

  private static String retryPrompt(Diff diff, String feedback) {
    return "My earlier request:\n"
        + diff.vibecoderPrompt()
        + "\n\nYou proposed this change, which I rejected:\n```diff\n"
        + diff.diffContent()
        + "```"
        + "\n\nMy feedback:\n"
        + feedback
        + "\n\nPlease make a new change that addresses the feedback.";
  }
}
