package dev.vibegrapher.git.control;

import dev.vibegrapher.platform.control.DataDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Where repositories live: one directory each under {@code projects/} in the data directory, and,
 * while a deletion can still be undone, beside it under a name that starts with {@value
 * #ASIDE_PREFIX}. Claims, moves and deletes those directories; the repository inside is closed
 * first ({@link GitRepositories#close}).
 */
@ApplicationScoped
public class RepositoryLocations {

  static final String ASIDE_PREFIX = ".deleted-";

  @Inject DataDirectory dataDirectory;
  @Inject GitRepositories git;

  /** The directory that holds every repository. */
  public Path root() {
    return dataDirectory.root().resolve("projects");
  }

  /** Where the repository of this name lives. */
  public Path of(String name) {
    return root().resolve(name);
  }

  /**
   * Creates the directory for a new repository; false when it exists already. Atomic, so two
   * creations never share one.
   */
  public boolean claim(Path repository) {
    try {
      Files.createDirectories(repository.getParent());
      Files.createDirectory(repository);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot create a repository directory under " + repository.getParent(), e);
    }
  }

  /**
   * Moves a repository out of the way, atomically, so that deleting a project can be undone until
   * its rows are gone. Returns where it went.
   */
  public Path moveAside(Path directory) {
    git.close(directory);
    Path aside =
        directory.resolveSibling(ASIDE_PREFIX + directory.getFileName() + "-" + System.nanoTime());
    try {
      return Files.move(directory, aside, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new GitFailure(
          "Could not move the repository " + directory.getFileName() + " aside", e);
    }
  }

  public void moveBack(Path aside, Path directory) {
    try {
      Files.move(aside, directory, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new GitFailure("Could not restore the repository " + directory.getFileName(), e);
    }
  }

  /**
   * Repositories moved aside by deletions that never finished (the process ended between the move
   * and the delete): what a start-up sweeps away.
   */
  public List<Path> leftAside() {
    Path root = root();
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    List<Path> leftovers = new ArrayList<>();
    try (DirectoryStream<Path> found = Files.newDirectoryStream(root, ASIDE_PREFIX + "*")) {
      found.forEach(leftovers::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return leftovers;
  }

  /** Deletes a directory tree; a repository that is gone already is no failure. */
  public void delete(Path directory) {
    git.close(directory);
    if (!Files.exists(directory)) {
      return;
    }
    try {
      Files.walkFileTree(
          directory,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
                throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure)
                throws IOException {
              Files.delete(dir);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("Could not delete " + directory, e);
    }
  }
}
