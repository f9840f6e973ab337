package dev.vibegrapher.git.control;

import dev.vibegrapher.git.entity.HeadState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.eclipse.jgit.internal.storage.file.RefDirectory;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;

/**
 * The head state of each repository. Where refs are files (a repository on disk, bare or not), the
 * state is kept until one of the files that decide HEAD changes: a read then costs a few file
 * checks while nothing changed. Elsewhere (refs in a database) HEAD is read every time, and only
 * the file's content is reused while HEAD's commit stays the same.
 */
final class HeadCache {

  /** How HEAD is read from the repository when the cache cannot answer. */
  @FunctionalInterface
  interface HeadReader {

    /**
     * HEAD's state, empty if there is no commit. {@code known} is what was cached for the same file
     * (null when nothing was): its content is still the file's while HEAD's commit is the same.
     */
    Optional<HeadState> read(Repository repository, HeadState known);
  }

  private final ConcurrentHashMap<Path, CachedHead> heads = new ConcurrentHashMap<>();

  /**
   * HEAD's state for {@code filename}, from the cache while nothing changed, else from the reader;
   * the repository is only asked for when the cache cannot answer.
   */
  Optional<HeadState> head(
      Path directory, String filename, Supplier<Repository> repository, HeadReader reader) {
    CachedHead cached = heads.get(directory);
    // JGit's own ref lookup costs about 30 µs (it re-checks packed-refs every time); the three
    // files that decide HEAD can be checked for change in a few µs, so JGit runs only on change.
    if (cached != null
        && cached.filename().equals(filename)
        && cached.refFiles() != null
        && cached.stamp().equals(RefStamp.of(cached.refFiles(), cached.state().branch()))) {
      return Optional.of(cached.state());
    }
    Repository opened = repository.get();
    Path refFiles = refFilesOf(opened);
    // Stamped before the lookup: a change in between makes the stamp older than the state, so
    // the next read resolves again, never the other way round.
    RefStamp stamp =
        RefStamp.of(
            refFiles, cached == null ? GitRepositories.DEFAULT_BRANCH : cached.state().branch());
    HeadState known = cached != null && cached.filename().equals(filename) ? cached.state() : null;
    Optional<HeadState> state = reader.read(opened, known);
    state.ifPresent(read -> heads.put(directory, new CachedHead(read, filename, refFiles, stamp)));
    return state;
  }

  /**
   * A state nothing else has seen yet (a repository just written, its refs as files in {@code
   * gitDirectory}): stamped after its last write, it is what HEAD says.
   */
  void remember(Path directory, Path gitDirectory, String filename, HeadState state) {
    heads.put(
        directory,
        new CachedHead(state, filename, gitDirectory, RefStamp.of(gitDirectory, state.branch())));
  }

  void forget(Path directory) {
    heads.remove(directory);
  }

  /** The directory whose files decide HEAD, or null when refs are not loose and packed files. */
  private static Path refFilesOf(Repository repository) {
    return repository.getRefDatabase() instanceof RefDirectory && repository.getDirectory() != null
        ? repository.getDirectory().toPath()
        : null;
  }

  /** {@code refFiles} null: nothing to stamp, the cached state is never trusted as it is. */
  private record CachedHead(HeadState state, String filename, Path refFiles, RefStamp stamp) {}

  /** When, how large and which inode: HEAD, the branch's loose ref and packed-refs. */
  private record RefStamp(List<Object> files) {
    static RefStamp of(Path gitDirectory, String branch) {
      if (gitDirectory == null) {
        return new RefStamp(List.of());
      }
      return new RefStamp(
          List.of(
              fileStamp(gitDirectory.resolve(Constants.HEAD)),
              fileStamp(gitDirectory.resolve(Constants.R_HEADS + branch)),
              fileStamp(gitDirectory.resolve(Constants.PACKED_REFS))));
    }

    private static Object fileStamp(Path file) {
      try {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        return List.of(
            attributes.lastModifiedTime(), attributes.size(), String.valueOf(attributes.fileKey()));
      } catch (IOException missing) {
        return "missing";
      }
    }
  }
}
