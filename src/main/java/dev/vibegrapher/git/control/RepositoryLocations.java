package dev.vibegrapher.git.control;

import dev.vibegrapher.platform.control.DataDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Where earlier releases kept repositories, before they moved into the database: one directory each
 * under {@code projects/} in the data directory, named by the project's slug, and, for a deletion
 * that never finished, beside it under a name that starts with {@value #ASIDE_PREFIX}. What a start
 * imports from ({@link DiskRepositoryImport}) and sweeps away.
 */
@ApplicationScoped
public class RepositoryLocations {

  static final String ASIDE_PREFIX = ".deleted-";

  @Inject DataDirectory dataDirectory;

  /** The directory that holds every repository. */
  public Path root() {
    return dataDirectory.root().resolve("projects");
  }

  /** Where the repository of this name lives. */
  public Path of(String name) {
    return root().resolve(name);
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
