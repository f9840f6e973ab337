package dev.vibegrapher.review.control;

import dev.vibegrapher.identity.entity.Caller;
import dev.vibegrapher.project.control.ProjectGuard;
import dev.vibegrapher.realtime.entity.EventType;
import dev.vibegrapher.realtime.entity.ProjectEvent;
import dev.vibegrapher.review.entity.Diff;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.function.Consumer;

/**
 * Reads a diff for a step on it, and stores the step's change, then publishes it as diff_updated,
 * so every dashboard on the project shows the diff as it is now, whoever changed it.
 */
@ApplicationScoped
public class DiffChanges {

  @Inject DiffStore diffs;
  @Inject Event<ProjectEvent> events;
  @Inject ProjectGuard guard;

  /**
   * The diff as stored now; 404 if there is none. Every step reads its diff here, so this bean is
   * in use before a commit reaches git, after which nothing new may need loading (CommitGate).
   */
  public Diff find(String id) {
    return diffs.get(id);
  }

  /**
   * Stores the change (in the transaction holding the project, if one does), then publishes the
   * diff as it is now, once that transaction has committed.
   */
  Diff change(String id, Caller actor, Consumer<Diff> change) {
    return published(diffs.change(id, change), actor);
  }

  /** Publishes a change once it is stored: after the holder's commit, if a project is held. */
  Diff published(Diff changed, Caller actor) {
    ProjectEvent event =
        new ProjectEvent(
            changed.projectId(),
            EventType.DIFF_UPDATED,
            new DiffUpdated(changed.sessionId(), DiffViews.of(changed), actor.person()));
    guard.afterCommit(() -> events.fire(event));
    return changed;
  }
}
