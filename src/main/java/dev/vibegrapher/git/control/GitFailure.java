package dev.vibegrapher.git.control;

/** A repository operation that failed; the message names the repository, never a full path. */
public class GitFailure extends RuntimeException {
  public GitFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
