package dev.vibegrapher.session.entity;

/** A run is running until it completes (a diff or a text answer) or fails. */
public enum RunStatus {
  RUNNING,
  COMPLETED,
  FAILED
}
