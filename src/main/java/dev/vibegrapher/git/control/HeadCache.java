package dev.vibegrapher.git.control;

import dev.vibegrapher.git.entity.HeadState;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.eclipse.jgit.lib.Repository;

/**
 * The last head state read of each repository. HEAD itself is read every time, since any instance
 * may have moved it; what is kept is the file's content, reused while HEAD's commit and the file
 * are the same (a commit's content never changes), so an unchanged project costs one read of its
 * refs and no object.
 */
final class HeadCache {

  /** How HEAD is read from the repository. */
  @FunctionalInterface
  interface HeadReader {

    /**
     * HEAD's state, empty if there is no commit. {@code known} is what was read last for the same
     * file (null when nothing was): its content is still the file's while HEAD's commit is the
     * same.
     */
    Optional<HeadState> read(Repository repository, HeadState known);
  }

  private record CachedHead(HeadState state, String filename) {}

  private final ConcurrentHashMap<String, CachedHead> heads = new ConcurrentHashMap<>();

  Optional<HeadState> head(
      String name, String filename, Supplier<Repository> repository, HeadReader reader) {
    CachedHead cached = heads.get(name);
    HeadState known = cached != null && cached.filename().equals(filename) ? cached.state() : null;
    Optional<HeadState> state = reader.read(repository.get(), known);
    // Only repositories that exist are kept: one deleted here or elsewhere and read again leaves
    // nothing behind (GitRepositories forgets one deleted without a read).
    state.ifPresentOrElse(
        read -> heads.put(name, new CachedHead(read, filename)), () -> heads.remove(name));
    return state;
  }

  void forget(String name) {
    heads.remove(name);
  }
}
