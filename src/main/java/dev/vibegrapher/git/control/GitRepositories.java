package dev.vibegrapher.git.control;

import dev.vibegrapher.git.entity.Author;
import dev.vibegrapher.git.entity.Branch;
import dev.vibegrapher.git.entity.CommitEntry;
import dev.vibegrapher.git.entity.HeadState;
import dev.vibegrapher.git.entity.RepositoryFile;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.logging.Logger;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one class that works on repositories through JGit: it writes commits, moves branches, reads
 * history, files and HEAD, all in the object and ref databases alone (commits built in core by
 * {@link InCoreCommits}, refs moved by compare-and-set by {@link RefMoves}), so a repository needs
 * no work tree: on disk with one (never read or updated), bare, or in a database. Open repositories
 * are kept for reuse, each on disk seen through a file system that runs no hook ({@link NoHooks});
 * HEAD's state is cached by {@link HeadCache}. Which names are accepted is {@link PathRules}'s to
 * say; where repositories live, and moving or deleting them whole, {@link RepositoryLocations}'.
 */
@ApplicationScoped
public class GitRepositories {

  public static final String DEFAULT_BRANCH = "main";

  /** How deep into a branch's history a page of its log may start. */
  static final int MAX_SKIPPED = 100_000;

  private static final NoHooks NO_HOOKS = new NoHooks();
  private static final Logger LOG = Logger.getLogger(GitRepositories.class.getName());

  @Inject
  @ConfigProperty(name = "vibegrapher.git.author-name")
  String authorName;

  @Inject
  @ConfigProperty(name = "vibegrapher.git.author-email")
  String authorEmail;

  /**
   * How a directory's repository is opened: from disk, or from any other storage (a test's
   * in-memory repository), as nothing here needs more than the {@code Repository}.
   */
  Function<Path, Repository> opener = GitRepositories::onDisk;

  private final ConcurrentHashMap<Path, Repository> open = new ConcurrentHashMap<>();
  private final HeadCache heads = new HeadCache();

  /**
   * Initializes a bare repository in an existing empty directory with one committed file on {@link
   * #DEFAULT_BRANCH}, and returns its head state, which later reads find cached.
   */
  public HeadState create(Path directory, String filename, String content, String message) {
    requireSafe(filename);
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    try {
      ObjectId commit =
          InitialCommit.write(
              directory,
              DEFAULT_BRANCH,
              filename,
              bytes,
              new PersonIdent(authorName, authorEmail),
              message);
      HeadState state =
          new HeadState(commit.name(), DEFAULT_BRANCH, new String(bytes, StandardCharsets.UTF_8));
      // Nothing else has seen the repository: stamped after the last write, it is what HEAD says.
      heads.remember(directory, directory, filename, state);
      return state;
    } catch (IOException e) {
      throw new GitFailure("Could not create the repository " + directory.getFileName(), e);
    }
  }

  /**
   * Commits one file's new content on the current branch, by the author; returns the new commit's
   * id. Built in the object database alone: a work tree, if the repository has one, is left as it
   * was. {@link GitFailure} when the branch moved while the commit was written (nothing is
   * overwritten).
   */
  public String commitFile(
      Path directory, String filename, String content, String message, Author author) {
    requireSafe(filename);
    Repository repository = repository(directory);
    try (RevWalk walk = new RevWalk(repository)) {
      Ref head = repository.exactRef(Constants.HEAD);
      ObjectId tip = head == null ? null : head.getObjectId();
      ObjectId created =
          InCoreCommits.withFile(
              repository,
              tip == null ? null : walk.parseCommit(tip),
              filename,
              content.getBytes(StandardCharsets.UTF_8),
              ident(author),
              committer(),
              message);
      String reason = (tip == null ? "commit (initial): " : "commit: ") + firstLine(message);
      if (!RefMoves.compareAndSet(repository, Constants.HEAD, tip, created, reason)) {
        throw new GitFailure("The branch of " + directory.getFileName() + " moved meanwhile", null);
      }
      return created.getName();
    } catch (IOException e) {
      throw new GitFailure("Could not commit to " + directory.getFileName(), e);
    }
  }

  /** The repository's branches, by name. */
  public List<Branch> branches(Path directory) {
    try {
      return repository(directory).getRefDatabase().getRefsByPrefix(Constants.R_HEADS).stream()
          .filter(ref -> ref.getObjectId() != null)
          .map(
              ref ->
                  new Branch(Repository.shortenRefName(ref.getName()), ref.getObjectId().getName()))
          .sorted(Comparator.comparing(Branch::name))
          .toList();
    } catch (IOException e) {
      throw new GitFailure("Could not list the branches of " + directory.getFileName(), e);
    }
  }

  /** The tip of a branch and the file's content there; empty when there is no such branch. */
  public Optional<HeadState> branchTip(Path directory, String branch, String filename) {
    Repository repository = repository(directory);
    try {
      Ref ref = repository.exactRef(Constants.R_HEADS + branch);
      if (ref == null || ref.getObjectId() == null) {
        return Optional.empty();
      }
      return Optional.of(
          new HeadState(
              ref.getObjectId().getName(),
              branch,
              read(repository, ref.getObjectId(), filename).orElse(null)));
    } catch (IOException e) {
      throw new GitFailure("Could not read branch " + branch + " of " + directory.getFileName(), e);
    }
  }

  /** The branch's tip, creating the branch at HEAD's commit first if it does not exist yet. */
  public HeadState branchFromHead(Path directory, String branch, String filename) {
    Optional<HeadState> existing = branchTip(directory, branch, filename);
    if (existing.isPresent()) {
      return existing.get();
    }
    Repository repository = repository(directory);
    try {
      ObjectId head = repository.resolve(Constants.HEAD);
      if (head == null) {
        throw new GitFailure("No commit to branch from in " + directory.getFileName(), null);
      }
      // Created only where no branch exists: of two creations at once, both end at the one made.
      RefMoves.compareAndSet(
          repository, Constants.R_HEADS + branch, null, head, "branch: Created from HEAD");
      return branchTip(directory, branch, filename)
          .orElseThrow(() -> new GitFailure("Could not create branch " + branch, null));
    } catch (IOException e) {
      throw new GitFailure(
          "Could not create branch " + branch + " in " + directory.getFileName(), e);
    }
  }

  /**
   * Commits one file's new content onto a branch if the branch's tip is still {@code expectedTip};
   * empty when it moved meanwhile.
   */
  public Optional<String> commitOnBranch(
      Path directory,
      String branch,
      String expectedTip,
      String filename,
      String content,
      String message,
      Author author) {
    requireSafe(filename);
    Repository repository = repository(directory);
    try (RevWalk walk = new RevWalk(repository)) {
      RevCommit tip = walk.parseCommit(ObjectId.fromString(expectedTip));
      ObjectId created =
          InCoreCommits.withFile(
              repository,
              tip,
              filename,
              content.getBytes(StandardCharsets.UTF_8),
              ident(author),
              committer(),
              message);
      return RefMoves.compareAndSet(
              repository, Constants.R_HEADS + branch, tip, created, "commit: " + firstLine(message))
          ? Optional.of(created.getName())
          : Optional.empty();
    } catch (IOException e) {
      throw new GitFailure(
          "Could not commit to branch " + branch + " of " + directory.getFileName(), e);
    }
  }

  /**
   * Moves a branch back to a commit: undoes the commit on top of it whose record could not be
   * stored. Only if the branch's tip is still that one commit on top of {@code commit}: anything
   * committed since is kept (and logged), never thrown away.
   */
  public void resetBranch(Path directory, String branch, String commit) {
    undo(directory, Constants.R_HEADS + branch, commit);
  }

  /**
   * Moves the current branch back to a commit: undoes the commit on top of it whose record could
   * not be stored, as {@link #resetBranch} does. A work tree, if there is one, is not touched.
   */
  public void resetHard(Path directory, String commit) {
    undo(directory, Constants.HEAD, commit);
  }

  private void undo(Path directory, String ref, String commit) {
    try {
      if (!RefMoves.undoCommitOn(repository(directory), ref, ObjectId.fromString(commit))) {
        // The caller is already failing for its own reason: saying so beats hiding that reason.
        LOG.warning(
            () ->
                "Not moving "
                    + ref
                    + " of "
                    + directory.getFileName()
                    + " back to "
                    + commit
                    + ": it moved on meanwhile");
      }
    } catch (IOException e) {
      throw new GitFailure(
          "Could not move " + ref + " of " + directory.getFileName() + " back to " + commit, e);
    }
  }

  /**
   * Reverts one commit with a new commit on the current branch. Empty when later commits changed
   * the same lines (the revert would conflict): nothing is written then.
   */
  public Optional<String> revert(Path directory, String commit, String message, Author author) {
    Repository repository = repository(directory);
    try (RevWalk walk = new RevWalk(repository)) {
      ObjectId id = repository.resolve(commit);
      ObjectId tip = repository.resolve(Constants.HEAD);
      if (id == null || tip == null) {
        throw new GitFailure("No commit " + commit + " in " + directory.getFileName(), null);
      }
      Optional<ObjectId> created =
          InCoreCommits.reverting(
              repository,
              walk.parseCommit(tip),
              walk.parseCommit(id),
              ident(author),
              committer(),
              message);
      if (created.isPresent()
          && !RefMoves.compareAndSet(
              repository, Constants.HEAD, tip, created.get(), "revert: " + firstLine(message))) {
        throw new GitFailure("The branch of " + directory.getFileName() + " moved meanwhile", null);
      }
      return created.map(ObjectId::getName);
    } catch (IOException e) {
      throw new GitFailure("Could not revert " + commit + " in " + directory.getFileName(), e);
    }
  }

  private static void requireSafe(String filename) {
    if (!PathRules.isSafePath(filename)) {
      throw new IllegalArgumentException("Unsafe file name: " + filename);
    }
  }

  private static String firstLine(String message) {
    return message.lines().findFirst().orElse("");
  }

  /**
   * The server, as the committer of every commit it writes and the author of those nobody decided.
   */
  public Author server() {
    return new Author(authorName, authorEmail);
  }

  private PersonIdent committer() {
    return new PersonIdent(authorName, authorEmail);
  }

  private static PersonIdent ident(Author author) {
    return new PersonIdent(author.name(), author.email());
  }

  /**
   * A branch's history, newest first, following first parents: at most {@code limit} commits,
   * starting below {@code before} when given (the last sha of the previous page). Empty when the
   * branch does not exist; a {@code before} that is not on the branch gives an empty page.
   */
  public List<CommitEntry> log(Path directory, String branch, int limit, String before) {
    Repository repository = repository(directory);
    try (RevWalk walk = new RevWalk(repository)) {
      Ref ref = repository.exactRef(Constants.R_HEADS + branch);
      if (ref == null) {
        return List.of();
      }
      walk.setFirstParent(true);
      walk.markStart(walk.parseCommit(ref.getObjectId()));
      List<CommitEntry> page = new ArrayList<>();
      boolean started = before == null;
      int skipped = 0;
      for (RevCommit commit : walk) {
        if (!started) {
          started = commit.getName().equals(before);
          // A sha that is not on the branch would walk the whole history: a page never starts that
          // deep.
          if (++skipped > MAX_SKIPPED) {
            return List.of();
          }
          continue;
        }
        PersonIdent author = commit.getAuthorIdent();
        page.add(
            new CommitEntry(
                commit.getName(),
                commit.getFullMessage(),
                author.getName(),
                author.getEmailAddress(),
                commit.getCommitterIdent().getWhenAsInstant()));
        if (page.size() == limit) {
          break;
        }
      }
      return page;
    } catch (IOException e) {
      throw new GitFailure(
          "Could not read the history of " + branch + " in " + directory.getFileName(), e);
    }
  }

  /** HEAD's commit and branch with the content of {@code filename}; empty if there is no commit. */
  public Optional<HeadState> head(Path directory, String filename) {
    return heads.head(
        directory,
        filename,
        () -> repository(directory),
        (repository, known) -> readHead(repository, directory, filename, known));
  }

  private static Optional<HeadState> readHead(
      Repository repository, Path directory, String filename, HeadState known) {
    try {
      Ref head = repository.exactRef(Constants.HEAD);
      if (head == null || head.getObjectId() == null) {
        return Optional.empty();
      }
      String branch = Repository.shortenRefName(head.getTarget().getName());
      // The same commit as the cached state of the same file: the content read then still holds.
      if (known != null && known.commit().equals(head.getObjectId().getName())) {
        return Optional.of(new HeadState(known.commit(), branch, known.fileContent()));
      }
      return Optional.of(
          new HeadState(
              head.getObjectId().getName(),
              branch,
              read(repository, head.getObjectId(), filename).orElse(null)));
    } catch (IOException e) {
      throw new GitFailure("Could not read HEAD of " + directory.getFileName(), e);
    }
  }

  /** A file's content at HEAD; empty if the path is unsafe or not in the tree. */
  public Optional<String> readFile(Path directory, String path) {
    if (!PathRules.isSafePath(path)) {
      return Optional.empty();
    }
    Repository repository = repository(directory);
    try {
      ObjectId head = repository.resolve(Constants.HEAD);
      return head == null ? Optional.empty() : read(repository, head, path);
    } catch (IOException e) {
      throw new GitFailure("Could not read " + path, e);
    }
  }

  private static Optional<String> read(Repository repository, ObjectId commitId, String path)
      throws IOException {
    try (RevWalk walk = new RevWalk(repository)) {
      RevCommit commit = walk.parseCommit(commitId);
      try (TreeWalk tree = TreeWalk.forPath(repository, path, commit.getTree())) {
        if (tree == null
            || tree.getFileMode(0) != FileMode.REGULAR_FILE
                && tree.getFileMode(0) != FileMode.EXECUTABLE_FILE) {
          return Optional.empty();
        }
        byte[] bytes = repository.open(tree.getObjectId(0), Constants.OBJ_BLOB).getBytes();
        return Optional.of(new String(bytes, StandardCharsets.UTF_8));
      }
    }
  }

  /** Every file of the HEAD tree with its size. */
  public List<RepositoryFile> listFiles(Path directory) {
    Repository repository = repository(directory);
    List<RepositoryFile> files = new ArrayList<>();
    try (ObjectReader reader = repository.newObjectReader();
        RevWalk walk = new RevWalk(reader);
        TreeWalk tree = new TreeWalk(repository, reader)) {
      ObjectId head = repository.resolve(Constants.HEAD);
      if (head == null) {
        return files;
      }
      tree.addTree(walk.parseCommit(head).getTree());
      tree.setRecursive(true);
      while (tree.next()) {
        files.add(
            new RepositoryFile(
                tree.getPathString(),
                reader.getObjectSize(tree.getObjectId(0), Constants.OBJ_BLOB)));
      }
      return files;
    } catch (IOException e) {
      throw new GitFailure("Could not list the files of " + directory.getFileName(), e);
    }
  }

  /**
   * The open repository a directory names, opened by {@link #opener} the first time. Everything
   * above needs only this {@code Repository}: it reads and writes the object and ref databases,
   * never a work tree or an index file.
   */
  Repository repository(Path directory) {
    return open.computeIfAbsent(directory, opener);
  }

  /**
   * A repository on disk: git's usual layout, whose work tree is never used, or a bare one. No hook
   * planted in it ever runs ({@link NoHooks}).
   */
  static Repository onDisk(Path directory) {
    Path dotGit = directory.resolve(Constants.DOT_GIT);
    File gitDirectory = Files.isDirectory(dotGit) ? dotGit.toFile() : directory.toFile();
    if (!RepositoryCache.FileKey.isGitRepository(gitDirectory, NO_HOOKS)) {
      throw new GitFailure("No repository at " + directory.getFileName(), null);
    }
    try {
      return new FileRepositoryBuilder()
          .setFS(NO_HOOKS)
          .setGitDir(gitDirectory)
          .setMustExist(true)
          .build();
    } catch (IOException e) {
      throw new GitFailure("Could not open the repository " + directory.getFileName(), e);
    }
  }

  /**
   * Closes a repository and drops its cached HEAD, before its directory moves or goes; the next
   * operation on it opens it again.
   */
  public void close(Path directory) {
    heads.forget(directory);
    Repository repository = open.remove(directory);
    if (repository != null) {
      repository.close();
    }
  }

  @PreDestroy
  void closeAll() {
    open.values().forEach(Repository::close);
    open.clear();
  }
}
