package dev.vibegrapher.review.control;

import static dev.vibegrapher.review.control.AuditText.firstLine;
import static dev.vibegrapher.review.control.AuditText.shortSha;

import dev.vibegrapher.audit.control.AuditLog;
import dev.vibegrapher.audit.entity.AuditAction;
import dev.vibegrapher.git.control.GitRepositories;
import dev.vibegrapher.git.entity.Author;
import dev.vibegrapher.identity.entity.Caller;
import dev.vibegrapher.project.control.ProjectGuard;
import dev.vibegrapher.project.control.ProjectService;
import dev.vibegrapher.project.entity.ProjectState;
import dev.vibegrapher.realtime.entity.EventType;
import dev.vibegrapher.realtime.entity.ProjectEvent;
import dev.vibegrapher.review.entity.Diff;
import dev.vibegrapher.review.entity.DiffStep;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

/** Reverts a committed diff with a new commit on the checked-out branch. */
@ApplicationScoped
public class DiffReverter {

  @Inject DiffChanges changes;
  @Inject DiffStore diffs;
  @Inject ProjectService projects;
  @Inject GitRepositories git;
  @Inject AuditLog audit;
  @Inject ReviewMetrics metrics;
  @Inject CommitGate gate;
  @Inject ProjectGuard guard;
  @Inject Event<ProjectEvent> events;

  /** {@link RevertConflict} when later commits changed the same lines. */
  public Diff revert(String id, Caller actor) {
    Diff found = changes.find(id);
    return gate.through(
        () -> guard.holding(found.projectId(), () -> revertHeld(changes.find(id), actor)));
  }

  private Diff revertHeld(Diff diff, Caller actor) {
    String id = diff.id();
    diff.requireAllowed(DiffStep.REVERT);
    ProjectState project = projects.find(diff.projectId());
    if (!BranchTips.onCheckedOutBranch(diff, project)) {
      throw new RevertOffCheckedOutBranch(project.head().branch(), diff.targetBranch());
    }
    String summary = diff.commitMessage() == null ? "" : firstLine(diff.commitMessage());
    String message =
        "Revert \"" + summary + "\"\n\nThis reverts commit " + diff.committedSha() + ".";
    String committedSha = diff.committedSha();
    String sha =
        git.revert(
                project.repository(),
                committedSha,
                message,
                new Author(actor.name(), actor.email()))
            .orElseThrow(() -> new RevertConflict(committedSha, project.head().commit()));
    // Stored together with the diff marked reverted, in the transaction holding the project.
    Diff done;
    try {
      done =
          diffs.change(
              id,
              stored -> {
                stored.reverted(sha, actor.person());
                audit.record(
                    actor,
                    AuditAction.DIFF_REVERTED,
                    stored.projectId(),
                    id,
                    "Reverted " + shortSha(committedSha) + " with " + shortSha(sha));
              });
    } catch (LinkageError notRecorded) {
      // An Error does not roll the transaction back (see DiffCommitter).
      guard.rollbackOnly();
      throw notRecorded;
    }
    changes.published(done, actor);
    String newCode = projects.find(diff.projectId()).head().fileContent();
    guard.afterCommit(
        () -> {
          metrics.reverted();
          events.fire(
              new ProjectEvent(
                  diff.projectId(),
                  EventType.CODE_CHANGED,
                  new CodeChanged(
                      diff.projectId(),
                      newCode,
                      sha,
                      diff.targetBranch(),
                      id,
                      actor.person(),
                      "revert")));
        });
    return done;
  }
}
