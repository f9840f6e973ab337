package dev.vibegrapher.git.control;

import java.io.IOException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;

/**
 * Moves refs by compare-and-set only: a ref moves from the id it was seen at, or not at all, so a
 * commit or reset never overwrites what another writer put there meanwhile. The ref database does
 * the comparing (a lock file on disk, an atomic update in the database).
 */
final class RefMoves {

  private RefMoves() {}

  /**
   * Moves {@code ref} (HEAD moves the branch it names) from {@code expected} to {@code next}; null
   * expects the ref not to exist yet. False when the ref no longer was at {@code expected}.
   */
  static boolean compareAndSet(
      Repository repository, String ref, ObjectId expected, ObjectId next, String reason)
      throws IOException {
    RefUpdate update = repository.updateRef(ref);
    update.setExpectedOldObjectId(expected == null ? ObjectId.zeroId() : expected);
    update.setNewObjectId(next);
    // Backwards too: the expected id is what keeps the move safe, not fast-forwarding.
    update.setForceUpdate(true);
    update.setRefLogMessage(reason, false);
    RefUpdate.Result result = update.update();
    return switch (result) {
      case NEW, FAST_FORWARD, FORCED, NO_CHANGE -> true;
      case LOCK_FAILURE, REJECTED -> false;
      default -> throw new IOException("Could not move " + ref + ": " + result);
    };
  }
}
