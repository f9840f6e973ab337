package dev.vibegrapher.project.control;

/**
 * Work another feature has going on in a project, which keeps the project from being deleted (a run
 * of one of its sessions, which would write to rows that are gone). Asked while the deletion holds
 * the project ({@link ProjectGuard}), so nothing new starts in it meanwhile.
 */
public interface ProjectWork {

  /** Throws the refusal (409) when something still works in the project; otherwise returns. */
  void refuseDeletionWhileWorking(String projectId);
}
