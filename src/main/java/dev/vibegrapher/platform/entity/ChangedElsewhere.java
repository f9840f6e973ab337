package dev.vibegrapher.platform.entity;

import java.util.Objects;

/**
 * Another instance sharing the database committed a change to a project, heard through its notice:
 * what this instance keeps in memory about the project may be older than the database. For any
 * project at all ({@link #anyProject()}) when notices may have been missed: the connection that
 * hears them was (re)opened. Fired on the thread that hears notices, so observers must be quick.
 */
public record ChangedElsewhere(String projectId) {

  public static ChangedElsewhere anyProject() {
    return new ChangedElsewhere(null);
  }

  /** Whether what is kept about the project may be stale. */
  public boolean concerns(String id) {
    return projectId == null || Objects.equals(projectId, id);
  }
}
