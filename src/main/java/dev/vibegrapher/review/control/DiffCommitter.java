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
import dev.vibegrapher.review.entity.DiffCommitted;
import dev.vibegrapher.review.entity.DiffStep;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

/**
 * Commits an approved diff on its target branch, by the human as git author. What runs after git
 * has the commit uses only what {@link CommitGate#NEEDED_TO_FINISH_A_COMMIT} loads at start.
 */
@ApplicationScoped
public class DiffCommitter {

  @Inject DiffChanges changes;
  @Inject DiffStore diffs;
  @Inject ProjectService projects;
  @Inject GitRepositories git;
  @Inject BranchTips tips;
  @Inject CoderTrailer coder;
  @Inject AuditLog audit;
  @Inject CommitGate gate;
  @Inject ProjectGuard guard;
  @Inject Event<ProjectEvent> events;
  @Inject Event<DiffCommitted> committed;

  /**
   * Commits the diff on its target branch if the branch is still at the commit the request started
   * from. Neither way touches a work tree: the checked-out branch's commit moves HEAD's branch, any
   * other branch's lands on that branch only.
   */
  public Diff commit(String id, String messageOverride, Caller actor) {
    Diff diff = changes.find(id);
    return gate.through(
        () ->
            guard.holding(
                diff.projectId(), () -> commitHeld(changes.find(id), messageOverride, actor)));
  }

  private Diff commitHeld(Diff diff, String messageOverride, Caller actor) {
    String id = diff.id();
    diff.requireAllowed(DiffStep.COMMIT);
    ProjectState project = projects.find(diff.projectId());
    String head = tips.tipOf(diff, project).commit();
    if (!head.equals(diff.baseCommit())) {
      throw new HeadMoved(diff.targetBranch(), diff.baseCommit(), head);
    }
    String patched = tips.applyToTip(diff, project);
    String message =
        messageOverride == null || messageOverride.isBlank()
            ? diff.commitMessage()
            : messageOverride.strip();
    // The diff keeps the message people chose; git's copy also credits the coder.
    String gitMessage = coder.addTo(message);
    boolean checkedOut = BranchTips.onCheckedOutBranch(diff, project);
    Author author = new Author(actor.name(), actor.email());
    String sha =
        checkedOut
            ? git.commitFile(
                project.repository(), project.project().filename(), patched, gitMessage, author)
            : git.commitOnBranch(
                    project.repository(),
                    diff.targetBranch(),
                    head,
                    project.project().filename(),
                    patched,
                    gitMessage,
                    author)
                .orElseThrow(
                    () ->
                        new HeadMoved(
                            diff.targetBranch(),
                            diff.baseCommit(),
                            tips.tipOf(diff, project).commit()));
    // The commit's ref moved in the transaction holding the project: it is stored together with
    // the diff marked committed, or not at all.
    Diff done;
    try {
      done =
          diffs.change(
              id,
              stored -> {
                stored.committed(sha, message, actor.person());
                audit.record(
                    actor,
                    AuditAction.DIFF_COMMITTED,
                    stored.projectId(),
                    id,
                    "Committed "
                        + shortSha(sha)
                        + " on "
                        + stored.targetBranch()
                        + ": "
                        + firstLine(message));
              });
    } catch (LinkageError notRecorded) {
      // During a shutdown the application's class loader may already refuse classes
      // (NoClassDefFoundError); an Error does not roll the transaction back by itself.
      guard.rollbackOnly();
      throw notRecorded;
    }
    changes.published(done, actor);
    // Facts once they are stored: published after the transaction holding the project commits.
    guard.afterCommit(
        () -> {
          events.fire(
              new ProjectEvent(
                  diff.projectId(),
                  EventType.CODE_CHANGED,
                  new CodeChanged(
                      diff.projectId(),
                      patched,
                      sha,
                      diff.targetBranch(),
                      id,
                      actor.person(),
                      "commit")));
          committed.fire(new DiffCommitted(id, diff.sessionId(), diff.projectId(), sha));
        });
    return done;
  }
}
