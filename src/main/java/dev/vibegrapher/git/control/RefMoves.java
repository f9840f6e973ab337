package dev.vibegrapher.git.control;

import java.io.IOException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

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

  /**
   * Undoes the one commit on top of {@code previous}: moves {@code ref} back to {@code previous} if
   * its tip is a commit whose only parent is {@code previous}, and still is when it moves. False
   * when the ref is elsewhere (nothing is undone that came later); true when it is back or was
   * there already.
   */
  static boolean undoCommitOn(Repository repository, String ref, ObjectId previous)
      throws IOException {
    Ref current = repository.exactRef(ref);
    ObjectId tip = current == null ? null : current.getObjectId();
    if (previous.equals(tip)) {
      return true;
    }
    if (tip == null) {
      return false;
    }
    try (RevWalk walk = new RevWalk(repository)) {
      RevCommit undone = walk.parseCommit(tip);
      if (undone.getParentCount() != 1 || !undone.getParent(0).equals(previous)) {
        return false;
      }
    }
    return compareAndSet(repository, ref, tip, previous, "reset: moving to " + previous.name());
  }
}
