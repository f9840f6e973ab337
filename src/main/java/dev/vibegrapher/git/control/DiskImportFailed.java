package dev.vibegrapher.git.control;

/**
 * A repository on disk that could not be moved into the database. The directory stays where it was,
 * so a later start tries again; what the database keeps is {@link
 * DiskRepositoryImport#importRepository}'s to say.
 */
public class DiskImportFailed extends GitFailure {
  public DiskImportFailed(String message, Throwable cause) {
    super(message, cause);
  }
}
