package dev.vibegrapher.project.entity;

import java.util.ArrayList;
import java.util.List;

/**
 * Fired before anything of a project is deleted; an observer that must keep the project (work still
 * running on it) throws, and the deletion does not happen. An observer that holds something for the
 * deletion's length (so that no new work starts in the project meanwhile) releases it {@link
 * #afterwards}.
 */
public record ProjectDeleting(String projectId, List<Runnable> whenEnded) {

  public ProjectDeleting(String projectId) {
    this(projectId, new ArrayList<>());
  }

  /** Runs once the deletion has ended, done, refused or failed. */
  public void afterwards(Runnable release) {
    whenEnded.add(release);
  }
}
