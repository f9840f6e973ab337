package dev.vibegrapher.git.control;

import dev.vibegrapher.git.entity.Author;
import dev.vibegrapher.git.entity.Branch;
import dev.vibegrapher.git.entity.CommitEntry;
import dev.vibegrapher.git.entity.HeadState;
import dev.vibegrapher.git.entity.RepositoryFile;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one class that works on repositories through JGit: it writes commits, moves branches, reads
 * history, files and HEAD, all in the object and ref databases alone (commits built in core by
 * {@link InCoreCommits}, refs moved by compare-and-set by {@link RefMoves}). The repositories are
 * kept in the database ({@link DatabaseRepositories}), named by their project's id, so every
 * instance sharing the database works on the same ones, and a write inside a transaction commits
 * with the rows beside it. HEAD's file content is reused by {@link HeadCache}; which names are
 * accepted is {@link PathRules}'s to say.
 */
@ApplicationScoped
public class GitRepositories {

  public static final String DEFAULT_BRANCH = "main";

  /** How deep into a branch's history a page of its log may start. */
  static final int MAX_SKIPPED = 100_000;

  @Inject
  @ConfigProperty(name = "vibegrapher.git.author-name")
  String authorName;

  @Inject
  @ConfigProperty(name = "vibegrapher.git.author-email")
  String authorEmail;

  @Inject DatabaseRepositories stored;

  /**
   * How a repository is opened by name: a new view of the one in the database for each piece of
   * work, which sees what every instance committed before it ({@link DatabaseRepository}); a test's
   * own storage otherwise, as nothing here needs more than the {@code Repository}.
   */
  Function<String, Repository> opener = this::fromDatabase;

  private final HeadCache heads = new HeadCache();

  /**
   * Makes the named repository with one committed file on {@link #DEFAULT_BRANCH}, and returns its
   * head state. Inside the caller's transaction, if there is one: the repository is made with the
   * rows beside it, or not at all.
   */
  public HeadState create(String name, String filename, String content, String message) {
    requireSafe(filename);
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    try (Repository repository = stored.create(name)) {
      ObjectId commit =
          InCoreCommits.withFile(
              repository, null, filename, bytes, committer(), committer(), message);
      if (!RefMoves.compareAndSet(
          repository, Constants.HEAD, null, commit, "commit (initial): " + firstLine(message))) {
        throw new GitFailure("The repository " + name + " got a commit meanwhile", null);
      }
      return new HeadState(commit.name(), DEFAULT_BRANCH, content);
    } catch (IOException e) {
      throw new GitFailure("Could not create the repository " + name, e);
    }
  }

  /**
   * Packs a repository may have before its writes are compacted into one: each commit adds a pack,
   * and a read looks through them all.
   */
  static final int PACKS_BEFORE_COMPACTION = 16;

  /**
   * Compacts the repository's packs into one once there are more than {@link
   * #PACKS_BEFORE_COMPACTION}, so that reads stay fast as history grows; true if it did. Outside
   * any transaction (after the commit that added a pack): safe beside writers on any instance,
   * which at worst duplicate an object ({@link DatabaseRepositories#compact}).
   */
  public boolean compactWhenMany(String name) {
    try (DatabaseRepository repository = stored.open(name)) {
      if (repository.getObjectDatabase().getPacks().length <= PACKS_BEFORE_COMPACTION) {
        return false;
      }
      stored.compact(name);
      return true;
    } catch (IOException e) {
      throw new GitFailure("Could not compact the repository " + name, e);
    }
  }

  /** Whether the named repository exists. */
  public boolean exists(String name) {
    try {
      return stored.exists(name);
    } catch (IOException e) {
      throw new GitFailure("Could not look for the repository " + name, e);
    }
  }

  /** Lets go of what this instance keeps of a repository another instance deleted. */
  public void forgetDeletedElsewhere(String name) {
    heads.forget(name);
  }

  /**
   * Deletes the named repository whole; inside the caller's transaction, if there is one, so it
   * goes with the rows beside it.
   */
  public void delete(String name) {
    heads.forget(name);
    try {
      stored.delete(name);
    } catch (IOException e) {
      throw new GitFailure("Could not delete the repository " + name, e);
    }
  }

  /**
   * Commits one file's new content on the current branch, by the author; returns the new commit's
   * id. Built in the object database alone: a work tree, if the repository has one, is left as it
   * was. {@link GitFailure} when the branch moved while the commit was written (nothing is
   * overwritten).
   */
  public String commitFile(
      String name, String filename, String content, String message, Author author) {
    requireSafe(filename);
    Repository repository = repository(name);
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
        throw new GitFailure("The branch of " + name + " moved meanwhile", null);
      }
      return created.getName();
    } catch (IOException e) {
      throw new GitFailure("Could not commit to " + name, e);
    }
  }

  /** The repository's branches, by name. */
  public List<Branch> branches(String name) {
    try {
      return repository(name).getRefDatabase().getRefsByPrefix(Constants.R_HEADS).stream()
          .filter(ref -> ref.getObjectId() != null)
          .map(
              ref ->
                  new Branch(Repository.shortenRefName(ref.getName()), ref.getObjectId().getName()))
          .sorted(Comparator.comparing(Branch::name))
          .toList();
    } catch (IOException e) {
      throw new GitFailure("Could not list the branches of " + name, e);
    }
  }

  /** The tip of a branch and the file's content there; empty when there is no such branch. */
  public Optional<HeadState> branchTip(String name, String branch, String filename) {
    Repository repository = repository(name);
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
      throw new GitFailure("Could not read branch " + branch + " of " + name, e);
    }
  }

  /** The branch's tip, creating the branch at HEAD's commit first if it does not exist yet. */
  public HeadState branchFromHead(String name, String branch, String filename) {
    Optional<HeadState> existing = branchTip(name, branch, filename);
    if (existing.isPresent()) {
      return existing.get();
    }
    Repository repository = repository(name);
    try {
      ObjectId head = repository.resolve(Constants.HEAD);
      if (head == null) {
        throw new GitFailure("No commit to branch from in " + name, null);
      }
      // Created only where no branch exists: of two creations at once, both end at the one made.
      RefMoves.compareAndSet(
          repository, Constants.R_HEADS + branch, null, head, "branch: Created from HEAD");
      return branchTip(name, branch, filename)
          .orElseThrow(() -> new GitFailure("Could not create branch " + branch, null));
    } catch (IOException e) {
      throw new GitFailure("Could not create branch " + branch + " in " + name, e);
    }
  }

  /**
   * Commits one file's new content onto a branch if the branch's tip is still {@code expectedTip};
   * empty when it moved meanwhile.
   */
  public Optional<String> commitOnBranch(
      String name,
      String branch,
      String expectedTip,
      String filename,
      String content,
      String message,
      Author author) {
    requireSafe(filename);
    Repository repository = repository(name);
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
      throw new GitFailure("Could not commit to branch " + branch + " of " + name, e);
    }
  }

  /**
   * Reverts one commit with a new commit on the current branch. Empty when later commits changed
   * the same lines (the revert would conflict): nothing is written then.
   */
  public Optional<String> revert(String name, String commit, String message, Author author) {
    Repository repository = repository(name);
    try (RevWalk walk = new RevWalk(repository)) {
      ObjectId id = repository.resolve(commit);
      ObjectId tip = repository.resolve(Constants.HEAD);
      if (id == null || tip == null) {
        throw new GitFailure("No commit " + commit + " in " + name, null);
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
        throw new GitFailure("The branch of " + name + " moved meanwhile", null);
      }
      return created.map(ObjectId::getName);
    } catch (IOException e) {
      throw new GitFailure("Could not revert " + commit + " in " + name, e);
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
  public List<CommitEntry> log(String name, String branch, int limit, String before) {
    Repository repository = repository(name);
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
      throw new GitFailure("Could not read the history of " + branch + " in " + name, e);
    }
  }

  /**
   * HEAD's commit and branch of each named repository that has a commit, without any content, in
   * one read: for lists.
   */
  public Map<String, HeadState> heads(List<String> names) {
    try {
      return stored.heads(names);
    } catch (IOException e) {
      throw new GitFailure("Could not read the heads of " + names.size() + " repositories", e);
    }
  }

  /** HEAD's commit and branch with the content of {@code filename}; empty if there is no commit. */
  public Optional<HeadState> head(String name, String filename) {
    return heads.head(
        name,
        filename,
        () -> repository(name),
        (repository, known) -> readHead(repository, name, filename, known));
  }

  private static Optional<HeadState> readHead(
      Repository repository, String name, String filename, HeadState known) {
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
      throw new GitFailure("Could not read HEAD of " + name, e);
    }
  }

  /** A file's content at HEAD; empty if the path is unsafe or not in the tree. */
  public Optional<String> readFile(String name, String path) {
    if (!PathRules.isSafePath(path)) {
      return Optional.empty();
    }
    Repository repository = repository(name);
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
  public List<RepositoryFile> listFiles(String name) {
    Repository repository = repository(name);
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
      throw new GitFailure("Could not list the files of " + name, e);
    }
  }

  /**
   * The named repository, as {@link #opener} opens it. Everything above needs only this {@code
   * Repository}: it reads and writes the object and ref databases, never a work tree or an index.
   */
  Repository repository(String name) {
    return opener.apply(name);
  }

  private Repository fromDatabase(String name) {
    try {
      return stored.open(name);
    } catch (IOException e) {
      throw new GitFailure("Could not open the repository " + name, e);
    }
  }

  /**
   * The repository itself, for JGit's own protocol code (clones over HTTP): a view of its own,
   * which the caller closes when done. {@link GitFailure} when there is no such repository.
   */
  public Repository repositoryOf(String name) {
    if (!exists(name)) {
      throw new GitFailure("No repository " + name, null);
    }
    return repository(name);
  }
}
