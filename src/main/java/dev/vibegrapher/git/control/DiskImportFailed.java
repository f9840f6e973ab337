package dev.vibegrapher.git.control;

/**
 * A repository on disk that could not be moved into the database. The directory stays where it was,
 * and the database repository of its name is deleted, so a later start tries again; only when the
 * import checked out and the directory alone could not be moved is the repository kept.
 */
public class DiskImportFailed extends GitFailure {
  public DiskImportFailed(String message, Throwable cause) {
    super(message, cause);
  }
}
