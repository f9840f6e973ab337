package dev.vibegrapher.git.control;

import dev.vibegrapher.git.entity.HeadState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.lib.Constants;

/**
 * The head state of each repository, kept until one of the files that decide HEAD changes: a read
 * then costs a few file checks while nothing changed.
 */
final class HeadCache {

  /** How HEAD is read from the repository when the cache cannot answer. */
  @FunctionalInterface
  interface HeadReader {

    /**
     * HEAD's state, empty if there is no commit. {@code known} is what was cached for the same file
     * (null when nothing was): its content is still the file's while HEAD's commit is the same.
     */
    Optional<HeadState> read(HeadState known);
  }

  private final ConcurrentHashMap<Path, CachedHead> heads = new ConcurrentHashMap<>();

  /**
   * HEAD's state for {@code filename}, from the cache while nothing changed, else from the reader.
   */
  Optional<HeadState> head(Path directory, String filename, HeadReader reader) {
    CachedHead cached = heads.get(directory);
    // JGit's own ref lookup costs about 30 µs (it re-checks packed-refs every time); the three
    // files that decide HEAD can be checked for change in a few µs, so JGit runs only on change.
    if (cached != null
        && cached.filename().equals(filename)
        && cached.stamp().equals(RefStamp.of(directory, cached.state().branch()))) {
      return Optional.of(cached.state());
    }
    // Stamped before the lookup: a change in between makes the stamp older than the state, so
    // the next read resolves again, never the other way round.
    RefStamp stamp =
        RefStamp.of(
            directory, cached == null ? GitRepositories.DEFAULT_BRANCH : cached.state().branch());
    HeadState known = cached != null && cached.filename().equals(filename) ? cached.state() : null;
    Optional<HeadState> state = reader.read(known);
    state.ifPresent(read -> heads.put(directory, new CachedHead(read, filename, stamp)));
    return state;
  }

  /**
   * A state nothing else has seen yet (a repository just written): stamped after its last write, it
   * is what HEAD says.
   */
  void remember(Path directory, String filename, HeadState state) {
    heads.put(directory, new CachedHead(state, filename, RefStamp.of(directory, state.branch())));
  }

  void forget(Path directory) {
    heads.remove(directory);
  }

  private record CachedHead(HeadState state, String filename, RefStamp stamp) {}

  /** When, how large and which inode: HEAD, the branch's loose ref and packed-refs. */
  private record RefStamp(List<Object> files) {
    static RefStamp of(Path directory, String branch) {
      Path git = directory.resolve(Constants.DOT_GIT);
      return new RefStamp(
          List.of(
              fileStamp(git.resolve(Constants.HEAD)),
              fileStamp(git.resolve(Constants.R_HEADS + branch)),
              fileStamp(git.resolve(Constants.PACKED_REFS))));
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
