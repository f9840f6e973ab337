package dev.vibegrapher.git.control;

import java.io.IOException;
import java.util.Optional;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.merge.MergeStrategy;
import org.eclipse.jgit.merge.ThreeWayMerger;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * Writes commits into the object database alone, never through a work tree or an index file, so the
 * same code serves repositories on disk (bare or not) and in the database. A commit's objects go
 * through one inserter and are flushed once; no ref moves here (see {@link RefMoves}).
 */
final class InCoreCommits {

  private InCoreCommits() {}

  /**
   * A commit on top of {@code parent} (null: a first commit) whose tree is the parent's with {@code
   * path} holding {@code content}. A file that was executable stays so.
   */
  static ObjectId withFile(
      Repository repository,
      RevCommit parent,
      String path,
      byte[] content,
      PersonIdent author,
      PersonIdent committer,
      String message)
      throws IOException {
    try (ObjectInserter inserter = repository.newObjectInserter();
        ObjectReader reader = inserter.newReader()) {
      ObjectId blob = inserter.insert(Constants.OBJ_BLOB, content);
      // An index in memory only, read from the parent's tree: never the repository's index file.
      DirCache tree =
          parent == null ? DirCache.newInCore() : DirCache.read(reader, parent.getTree());
      DirCacheEditor editor = tree.editor();
      editor.add(
          new DirCacheEditor.PathEdit(path) {
            @Override
            public void apply(DirCacheEntry entry) {
              if (entry.getFileMode() != FileMode.EXECUTABLE_FILE) {
                entry.setFileMode(FileMode.REGULAR_FILE);
              }
              entry.setObjectId(blob);
            }
          });
      editor.finish();
      ObjectId created =
          inserter.insert(commit(tree.writeTree(inserter), parent, author, committer, message));
      inserter.flush();
      return created;
    }
  }

  /**
   * A commit on top of {@code head} that undoes {@code reverted}: a three-way merge with base the
   * reverted commit, ours {@code head} and theirs its parent, as {@code git revert} does. Empty
   * when later commits changed the same lines.
   */
  static Optional<ObjectId> reverting(
      Repository repository,
      RevCommit head,
      RevCommit reverted,
      PersonIdent author,
      PersonIdent committer,
      String message)
      throws IOException {
    if (reverted.getParentCount() != 1) {
      throw new GitFailure(
          "Only a commit with one parent can be reverted: " + reverted.name(), null);
    }
    try (ObjectInserter inserter = repository.newObjectInserter()) {
      ThreeWayMerger merger =
          (ThreeWayMerger) MergeStrategy.RECURSIVE.newMerger(inserter, repository.getConfig());
      merger.setBase(reverted.getTree());
      if (!merger.merge(false, head, reverted.getParent(0))) {
        return Optional.empty();
      }
      ObjectId created =
          inserter.insert(commit(merger.getResultTreeId(), head, author, committer, message));
      inserter.flush();
      return Optional.of(created);
    }
  }

  private static CommitBuilder commit(
      ObjectId tree, RevCommit parent, PersonIdent author, PersonIdent committer, String message) {
    CommitBuilder commit = new CommitBuilder();
    commit.setTreeId(tree);
    if (parent != null) {
      commit.setParentId(parent);
    }
    commit.setAuthor(author);
    commit.setCommitter(committer);
    commit.setMessage(message);
    return commit;
  }
}
