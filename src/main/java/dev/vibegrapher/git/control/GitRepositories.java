package dev.vibegrapher.git.control;

import dev.vibegrapher.git.entity.Author;
import dev.vibegrapher.git.entity.Branch;
import dev.vibegrapher.git.entity.CommitEntry;
import dev.vibegrapher.git.entity.HeadState;
import dev.vibegrapher.git.entity.RepositoryFile;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one class that works on repositories through JGit: it writes commits, moves branches, reads
 * history, files and HEAD. Open repositories are kept for reuse, each seen through a file system
 * that runs no hook ({@link NoHooks}); HEAD's state is cached by {@link HeadCache}. Which names are
 * accepted is {@link PathRules}'s to say; where repositories live, and moving or deleting them
 * whole, {@link RepositoryLocations}'.
 */
@ApplicationScoped
public class GitRepositories {

  public static final String DEFAULT_BRANCH = "main";

  /** How deep into a branch's history a page of its log may start. */
  static final int MAX_SKIPPED = 100_000;

  private static final NoHooks NO_HOOKS = new NoHooks();

  @Inject
  @ConfigProperty(name = "vibegrapher.git.author-name")
  String authorName;

  @Inject
  @ConfigProperty(name = "vibegrapher.git.author-email")
  String authorEmail;

  private final ConcurrentHashMap<Path, Repository> open = new ConcurrentHashMap<>();
  private final HeadCache heads = new HeadCache();

  /**
   * Initializes a repository in an existing empty directory with one committed file on {@link
   * #DEFAULT_BRANCH}, and returns its head state, which later reads find cached.
   */
  public HeadState create(Path directory, String filename, String content, String message) {
    if (!PathRules.isSafePath(filename)) {
      throw new IllegalArgumentException("Unsafe file name: " + filename);
    }
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
      heads.remember(directory, filename, state);
      return state;
    } catch (IOException e) {
      throw new GitFailure("Could not create the repository " + directory.getFileName(), e);
    }
  }

  /**
   * Writes one file and commits it on the current branch, by the author; returns the new commit's
   * id.
   */
  public String commitFile(
      Path directory, String filename, String content, String message, Author author) {
    try (Git git = new Git(repository(directory))) {
      return writeAndCommit(git, filename, content, message, author);
    } catch (GitAPIException | IOException e) {
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
          .sorted(java.util.Comparator.comparing(Branch::name))
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
      RefUpdate create = repository.updateRef(Constants.R_HEADS + branch);
      create.setNewObjectId(repository.resolve(Constants.HEAD));
      create.setExpectedOldObjectId(ObjectId.zeroId());
      create.update();
      return branchTip(directory, branch, filename)
          .orElseThrow(() -> new GitFailure("Could not create branch " + branch, null));
    } catch (IOException e) {
      throw new GitFailure(
          "Could not create branch " + branch + " in " + directory.getFileName(), e);
    }
  }

  /**
   * Commits one file's new content onto a branch that is not checked out, without touching the work
   * tree, if the branch's tip is still {@code expectedTip}; empty when it moved meanwhile.
   */
  public Optional<String> commitOnBranch(
      Path directory,
      String branch,
      String expectedTip,
      String filename,
      String content,
      String message,
      Author author) {
    if (!PathRules.isSafePath(filename)) {
      throw new IllegalArgumentException("Unsafe file name: " + filename);
    }
    Repository repository = repository(directory);
    try (ObjectInserter inserter = repository.newObjectInserter();
        RevWalk walk = new RevWalk(repository)) {
      RevCommit tip = walk.parseCommit(ObjectId.fromString(expectedTip));
      ObjectId blob = inserter.insert(Constants.OBJ_BLOB, content.getBytes(StandardCharsets.UTF_8));
      DirCache index = DirCache.newInCore();
      DirCacheBuilder builder = index.builder();
      try (TreeWalk files = new TreeWalk(repository)) {
        files.addTree(tip.getTree());
        files.setRecursive(true);
        while (files.next()) {
          if (!files.getPathString().equals(filename)) {
            DirCacheEntry kept = new DirCacheEntry(files.getPathString());
            kept.setFileMode(files.getFileMode(0));
            kept.setObjectId(files.getObjectId(0));
            builder.add(kept);
          }
        }
      }
      DirCacheEntry changed = new DirCacheEntry(filename);
      changed.setFileMode(FileMode.REGULAR_FILE);
      changed.setObjectId(blob);
      builder.add(changed);
      builder.finish();
      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(index.writeTree(inserter));
      commit.setParentId(tip);
      commit.setAuthor(ident(author));
      commit.setCommitter(committer());
      commit.setMessage(message);
      ObjectId created = inserter.insert(commit);
      inserter.flush();
      RefUpdate update = repository.updateRef(Constants.R_HEADS + branch);
      update.setNewObjectId(created);
      update.setExpectedOldObjectId(tip);
      update.setRefLogMessage("commit: " + message.lines().findFirst().orElse(""), false);
      RefUpdate.Result result = update.update();
      return result == RefUpdate.Result.FAST_FORWARD
              || result == RefUpdate.Result.NEW
              || result == RefUpdate.Result.FORCED
          ? Optional.of(created.getName())
          : Optional.empty();
    } catch (IOException e) {
      throw new GitFailure(
          "Could not commit to branch " + branch + " of " + directory.getFileName(), e);
    }
  }

  /**
   * Moves a branch that is not checked out back to a commit: undoes a commit whose record could not
   * be stored.
   */
  public void resetBranch(Path directory, String branch, String commit) {
    try {
      RefUpdate update = repository(directory).updateRef(Constants.R_HEADS + branch);
      update.setNewObjectId(ObjectId.fromString(commit));
      update.setForceUpdate(true);
      update.update();
    } catch (IOException e) {
      throw new GitFailure(
          "Could not reset branch " + branch + " of " + directory.getFileName(), e);
    }
  }

  /**
   * Moves the current branch and the work tree back to a commit: undoes a commit whose record could
   * not be stored.
   */
  public void resetHard(Path directory, String commit) {
    try (Git git = new Git(repository(directory))) {
      git.reset().setMode(org.eclipse.jgit.api.ResetCommand.ResetType.HARD).setRef(commit).call();
    } catch (GitAPIException e) {
      throw new GitFailure("Could not reset " + directory.getFileName() + " to " + commit, e);
    }
  }

  /**
   * Reverts one commit with a new commit on the current branch. Empty when later commits changed
   * the same lines (the revert would conflict): the work tree is then left as it was.
   */
  public Optional<String> revert(Path directory, String commit, String message, Author author) {
    try (Git git = new Git(repository(directory))) {
      ObjectId id = git.getRepository().resolve(commit);
      if (id == null) {
        throw new GitFailure("No commit " + commit + " in " + directory.getFileName(), null);
      }
      RevCommit reverted = git.revert().include(id).setOurCommitName("HEAD").call();
      if (reverted == null) {
        git.reset().setMode(org.eclipse.jgit.api.ResetCommand.ResetType.HARD).call();
        return Optional.empty();
      }
      // RevertCommand writes its own message and the configured identity: amend both to ours.
      RevCommit amended =
          git.commit()
              .setAmend(true)
              .setMessage(message)
              .setAuthor(ident(author))
              .setCommitter(committer())
              .setSign(false)
              .setNoVerify(true)
              .call();
      return Optional.of(amended.getName());
    } catch (GitAPIException | IOException e) {
      throw new GitFailure("Could not revert " + commit + " in " + directory.getFileName(), e);
    }
  }

  private String writeAndCommit(
      Git git, String filename, String content, String message, Author author)
      throws IOException, GitAPIException {
    if (!PathRules.isSafePath(filename)) {
      throw new IllegalArgumentException("Unsafe file name: " + filename);
    }
    Path file = git.getRepository().getWorkTree().toPath().resolve(filename);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content, StandardCharsets.UTF_8);
    git.add().addFilepattern(filename).call();
    RevCommit commit =
        git.commit()
            .setMessage(message)
            .setAuthor(ident(author))
            .setCommitter(committer())
            .setSign(false)
            .setNoVerify(true)
            .call();
    return commit.getName();
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
    return heads.head(directory, filename, known -> readHead(directory, filename, known));
  }

  private Optional<HeadState> readHead(Path directory, String filename, HeadState known) {
    Repository repository = repository(directory);
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
   * The repository itself, for JGit's own protocol code (clones over HTTP). The caller closes it
   * when done: it holds a reference of its own, so closing leaves the repository open for the rest.
   */
  public Repository repositoryOf(Path directory) {
    Repository repository = repository(directory);
    repository.incrementOpen();
    return repository;
  }

  private Repository repository(Path directory) {
    return open.computeIfAbsent(
        directory,
        dir -> {
          if (!Files.isDirectory(dir.resolve(".git"))) {
            throw new GitFailure("No repository at " + dir.getFileName(), null);
          }
          try {
            // No hook planted in a repository ever runs (NoHooks).
            return new FileRepositoryBuilder()
                .setFS(NO_HOOKS)
                .setWorkTree(dir.toFile())
                .setMustExist(true)
                .build();
          } catch (IOException e) {
            throw new GitFailure("Could not open the repository " + dir.getFileName(), e);
          }
        });
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
