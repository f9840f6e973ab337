package dev.vibegrapher.git.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vibegrapher.git.control.StorageDatabases.Engine;
import dev.vibegrapher.git.control.StorageDatabases.TestDatabase;
import dev.vibegrapher.git.entity.Author;
import dev.vibegrapher.git.entity.Branch;
import dev.vibegrapher.git.entity.CommitEntry;
import dev.vibegrapher.git.entity.HeadState;
import dev.vibegrapher.git.entity.RepositoryFile;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The git door on the real storage: repositories in H2 and, when configured, PostgreSQL, as {@link
 * StorageDatabases} makes them. Several {@link GitRepositories} on one database stand for several
 * instances of the server; {@link OneTransaction} stands for the caller's transaction.
 */
class GitRepositoriesTest {

  private static final Author HUMAN = new Author("Rita Reviewer", "rita@example.com");
  private static final String NAME = "demo";

  private final List<AutoCloseable> opened = new ArrayList<>();
  private DataSource dataSource;
  private GitRepositories cut;
  private String first;

  @AfterEach
  void closeAndDrop() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
  }

  /** A fresh database and the door of one instance on it; no repository yet. */
  private void emptyOn(Engine engine) {
    TestDatabase database = engine.create();
    opened.add(database);
    dataSource = database.dataSource();
    cut = instanceOn(dataSource);
  }

  /** As {@link #emptyOn}, with the repository {@value #NAME}: one commit, main.py holding v1. */
  private void preparedOn(Engine engine) {
    emptyOn(engine);
    first = cut.create(NAME, "main.py", "v1\n", "one").commit();
  }

  /** Another instance's door: its own caches, the same database. */
  private static GitRepositories instanceOn(DataSource dataSource) {
    GitRepositories instance = new GitRepositories();
    instance.authorName = "Test Author";
    instance.authorEmail = "author@example.org";
    instance.stored = new DatabaseRepositories(dataSource);
    return instance;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.vibegrapher.git.control.StorageDatabases#all")
  void aCreatedRepositoryHasOneCommitOnMain(Engine engine) throws Exception {
    emptyOn(engine);

    HeadState created = cut.create(NAME, "src/main.py", "print('hi')\n", "Initial setup");

    assertEquals("main", created.branch());
    assertEquals("print('hi')\n", created.fileContent());
    assertTrue(cut.exists(NAME));
    assertFalse(cut.exists("other"));
    GitRepositories other = instanceOn(dataSource);
    assertEquals(Optional.of(created), other.head(NAME, "src/main.py"));
    assertEquals(List.of(new Branch("main", created.commit())), other.branches(NAME));
    List<CommitEntry> log = other.log(NAME, "main", 10, null);
    assertEquals(List.of(created.commit()), shas(log));
    assertEquals("Initial setup", log.get(0).message());
    assertEquals("Test Author", log.get(0).authorName());
    assertEquals("author@example.org", log.get(0).authorEmail());
    try (Repository repository = cut.stored.open(NAME)) {
      Ref head = repository.exactRef(Constants.HEAD);
      assertTrue(head.isSymbolic());
      assertEquals("refs/heads/main", head.getTarget().getName());
      RevCommit commit = new RevWalk(repository).parseCommit(ObjectId.fromString(created.commit()));
      assertEquals(0, commit.getParentCount());
      assertEquals("author@example.org", commit.getCommitterIdent().getEmailAddress());
    }
    try (Repository forProtocols = other.repositoryOf(NAME)) {
      assertEquals(ObjectId.fromString(created.commit()), forProtocols.resolve(Constants.HEAD));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.vibegrapher.git.control.StorageDatabases#all")
  void aSecondCreateOfTheSameNameIsRefusedAndChangesNothing(Engine engine) {
    preparedOn(engine);

    assertThrows(
        GitFailure.class, () -> instanceOn(dataSource).create(NAME, "main.py", "v2\n", "again"));

    assertEquals(Optional.of(new HeadState(first, "main", "v1\n")), cut.head(NAME, "main.py"));
    assertEquals(List.of(first), shas(cut.log(NAME, "main", 10, null)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.vibegrapher.git.control.StorageDatabases#all")
  void ofCreationsOfOneNameAtOnceExactlyOneSucceeds(Engine engine) throws Exception {
    emptyOn(engine);
    List<GitRepositories> instances = List.of(cut, instanceOn(dataSource));

    List<Optional<HeadState>> results =
        inParallel(
            4,
            i -> {
              try {
                return Optional.of(
                    instances.get(i % 2).create(NAME, "main.py", "v" + i + "\n", "one " + i));
              } catch (GitFailure exists) {
                return Optional.<HeadState>empty();
              }
            });

    List<HeadState> made = results.stream().flatMap(Optional::stream).toList();
    assertEquals(1, made.size(), results::toString);
    assertEquals(Optional.of(made.get(0)), cut.head(NAME, "main.py"));
    assertEquals(List.of(made.get(0).commit()), shas(cut.log(NAME, "main", 10, null)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.vibegrapher.git.control.StorageDatabases#all")
  void aNewRepositoryNeedsASafeFileName(Engine engine) {
    emptyOn(engine);

    for (String unsafe : List.of("../outside.py", "/etc/passwd", ".git/config", "a/./b.py", "")) {
      assertThrows(
          IllegalArgumentException.class, () -> cut.create(NAME, unsafe, "x", "escape"), unsafe);
    }

    assertFalse(cut.exists(NAME), "nothing was made");
    assertEquals("main", cut.create(NAME, "main.py", "x", "one").branch(), "the name is free");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.vibegrapher.git.control.StorageDatabases#all")
  void commitsMoveTheCheckedOutBranchAndReadsFollowIt(Engine engine) throws Exception {
    preparedOn(engine);
    String second = cut.commitFile(NAME, "pkg/util.py", "abc", "two", HUMAN);
    String third = cut.commitFile(NAME, "main.py", "v2 longer\n", "three\n\nWith a body.", HUMAN);

    assertEquals(
        Optional.of(new HeadState(third, "main", "v2 longer\n")), cut.head(NAME, "main.py"));
    assertEquals(Optional.of("abc"), cut.readFile(NAME, "pkg/util.py"));
    assertEquals(Optional.empty(), cut.readFile(NAME, "pkg"), "a directory is no file");
    assertEquals(
        List.of(new RepositoryFile("main.py", 10), new RepositoryFile("pkg/util.py", 3)),
        cut.listFiles(NAME));
    List<CommitEntry> log = cut.log(NAME, "main", 10, null);
    assertEquals(List.of(third, second, first), shas(log));
    assertEquals("three\n\nWith a body.", log.get(0).message());
    assertEquals("Rita Reviewer", log.get(0).authorName());
    assertEquals("rita@example.com", log.get(0).authorEmail());
    assertEquals(List.of(new Branch("main", third)), cut.branches(NAME));
    try (Repository repository = cut.stored.open(NAME);
        RevWalk walk = new RevWalk(repository)) {
      RevCommit commit = walk.parseCommit(ObjectId.fromString(third));
      assertEquals("Test Author", commit.getCommitterIdent().getName(), "the server commits");
      assertEquals(second, commit.getParent(0).getName());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.vibegrapher.git.control.StorageDatabases#all")
  void aPageOfTheLogStartsBelowBefore(Engine engine) {
    preparedOn(engine);
    List<String> newestFirst = new ArrayList<>(List.of(first));
    for (int i = 2; i <= 5; i++) {
      newestFirst.add(0, cut.commitFile(NAME, "main.py", "v" + i + "\n", "c" + i, HUMAN));
    }

    assertEquals(newestFirst.subList(0, 2), shas(cut.log(NAME, "main", 2, null)));
    assertEquals(newestFirst.subList(2, 4), shas(cut.log(NAME, "main", 2, newestFirst.get(1))));
    assertEquals(newestFirst.subList(4, 5), shas(cut.log(NAME, "main", 2, newestFirst.get(3))));
    assertEquals(List.of(), cut.log(NAME, "main", 2, first), "nothing below the first commit");
    assertEquals(List.of(), cut.log(NAME, "main", 2, ObjectId.zeroId().name()), "not on main");
    assertEquals(List.of(), cut.log(NAME, "no-such-branch", 10, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.vibegrapher.git.control.StorageDatabases#all")
  void aBranchIsMadeAndCommittedOnWhileHeadStays(Engine engine) {
    preparedOn(engine);
    HeadState side = cut.branchFromHead(NAME, "feature/x", "main.py");
    assertEquals(new HeadState(first, "feature/x", "v1\n"), side);

    Optional<String> onSide =
        cut.commitOnBranch(NAME, "feature/x", first, "main.py", "side\n", "side", HUMAN);

    assertTrue(onSide.isPresent());
    assertEquals(
        Optional.of(new HeadState(onSide.get(), "feature/x", "side\n")),
        cut.branchTip(NAME, "feature/x", "main.py"));
    assertEquals(Optional.of(new HeadState(first, "main", "v1\n")), cut.head(NAME, "main.py"));
    assertEquals(List.of(first), shas(cut.log(NAME, "main", 10, null)), "main did not move");
    assertEquals(List.of(onSide.get(), first), shas(cut.log(NAME, "feature/x", 10, null)));
    assertEquals(
        List.of(new Branch("feature/x", onSide.get()), new Branch("main", first)),
        cut.branches(NAME));
    assertEquals(
        new HeadState(onSide.get(), "feature/x", "side\n"),
        instanceOn(dataSource).branchFromHead(NAME, "feature/x", "main.py"),
        "an existing branch is kept as it is");
    assertEquals(Optional.empty(), cut.branchTip(NAME, "no-such-branch", "main.py"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.vibegrapher.git.control.StorageDatabases#all")
  void aCommitOnABranchThatMovedIsEmptyInsteadOfOverwriting(Engine engine) {
    preparedOn(engine);
    String theirs =
        instanceOn(dataSource)
            .commitOnBranch(NAME, "main", first, "main.py", "theirs\n", "theirs", HUMAN)
            .orElseThrow();

    Optional<String> ours =
        cut.commitOnBranch(NAME, "main", first, "main.py", "ours\n", "ours", HUMAN);

    assertEquals(Optional.empty(), ours);
    assertEquals(Optional.of(new HeadState(theirs, "main", "theirs\n")), cut.head(NAME, "main.py"));
    assertEquals(List.of(theirs, first), shas(cut.log(NAME, "main", 10, null)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.vibegrapher.git.control.StorageDatabases#all")
  void ofConcurrentCommitsOnOneTipFromTwoInstancesExactlyOneLands(Engine engine) throws Exception {
    preparedOn(engine);
    List<GitRepositories> instances = List.of(cut, instanceOn(dataSource));

    List<Optional<String>> results =
        inParallel(
            6,
            i ->
                instances
                    .get(i % 2)
                    .commitOnBranch(
                        NAME, "main", first, "main.py", "v" + i + "\n", "c" + i, HUMAN));

    List<String> landed = results.stream().flatMap(Optional::stream).toList();
    assertEquals(1, landed.size(), results::toString);
    assertEquals(List.of(landed.get(0), first), shas(cut.log(NAME, "main", 10, null)));
  }

  /**
   * Another instance commits exactly between this one's read of HEAD and its move of the branch:
   * this one fails instead of overwriting, and its next try lands on top.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.vibegrapher.git.control.StorageDatabases#all")
  void ofTwoInstancesCommittingOnTheSameTipOneWinsAndTheOtherFails(Engine engine) {
    preparedOn(engine);
    WatchedDataSource watched = new WatchedDataSource(dataSource);
    GitRepositories slow = instanceOn(watched.dataSource());
    assertEquals(Optional.of(new HeadState(first, "main", "v1\n")), slow.head(NAME, "main.py"));
    List<String> winner = new ArrayList<>();
    watched.before(
        "UPDATE git_refs",
        () -> winner.add(cut.commitFile(NAME, "main.py", "winner\n", "winner", HUMAN)));

    GitFailure lost =
        assertThrows(
            GitFailure.class, () -> slow.commitFile(NAME, "main.py", "loser\n", "loser", HUMAN));

    assertTrue(lost.getMessage().contains("moved meanwhile"), lost.getMessage());
    assertEquals(1, winner.size(), "the other instance committed in between");
    for (GitRepositories instance : List.of(cut, slow)) {
      assertEquals(
          Optional.of(new HeadState(winner.get(0), "main", "winner\n")),
          instance.head(NAME, "main.py"));
      assertEquals(List.of(winner.get(0), first), shas(instance.log(NAME, "main", 10, null)));
    }
    String retried = slow.commitFile(NAME, "main.py", "loser\n", "loser", HUMAN);
    assertEquals(List.of(retried, winner.get(0), first), shas(cut.log(NAME, "main", 10, null)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.vibegrapher.git.control.StorageDatabases#all")
  void concurrentCommitsFromTwoInstancesNeverLoseOne(Engine engine) throws Exception {
    preparedOn(engine);
    List<GitRepositories> instances = List.of(cut, instanceOn(dataSource));
    int writers = 6;

    List<Optional<String>> results =
        inParallel(
            writers,
            i -> {
              try {
                return Optional.of(
                    instances
                        .get(i % 2)
                        .commitFile(NAME, "file" + i + ".txt", "x", "c" + i, HUMAN));
              } catch (GitFailure movedMeanwhile) {
                return Optional.<String>empty();
              }
            });

    List<String> landed = results.stream().flatMap(Optional::stream).toList();
    assertFalse(landed.isEmpty());
    List<String> history = shas(cut.log(NAME, "main", 100, null));
    assertEquals(landed.size() + 1, history.size(), "each commit that returned is on the branch");
    assertTrue(history.containsAll(landed));
    for (int i = 0; i < writers; i++) {
      assertEquals(
          results.get(i).isPresent() ? Optional.of("x") : Optional.empty(),
          cut.readFile(NAME, "file" + i + ".txt"),
          "file" + i + " is in HEAD's tree exactly if its commit returned");
    }
  }

  /**
   * Another instance makes the same branch and commits on it exactly while this one makes it: this
   * one's creation is refused by the database and it ends at the other's branch, untouched.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.vibegrapher.git.control.StorageDatabases#all")
  void ofTwoBranchCreationsAtOnceBothEndAtTheOneMade(Engine engine) {
    preparedOn(engine);
    WatchedDataSource watched = new WatchedDataSource(dataSource);
    GitRepositories slow = instanceOn(watched.dataSource());
    List<HeadState> made = new ArrayList<>();
    watched.before(
        "INSERT INTO git_refs",
        () -> {
          cut.branchFromHead(NAME, "side", "main.py");
          String tip =
              cut.commitOnBranch(NAME, "side", first, "main.py", "s\n", "s", HUMAN).orElseThrow();
          made.add(cut.branchTip(NAME, "side", "main.py").orElseThrow());
          assertEquals(tip, made.get(0).commit());
        });

    HeadState side = slow.branchFromHead(NAME, "side", "main.py");

    assertEquals(1, made.size(), "the other instance made it in between");
    assertEquals(made.get(0), side);
    assertNotEquals(first, side.commit(), "the other's commit on it is kept");
    assertEquals(List.of(side.commit(), first), shas(cut.log(NAME, "side", 10, null)));
    assertEquals(1, cut.branches(NAME).stream().filter(b -> b.name().equals("side")).count());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.vibegrapher.git.control.StorageDatabases#all")
  void branchCreationsInParallelAllEndAtOneCommit(Engine engine) throws Exception {
    preparedOn(engine);
    List<GitRepositories> instances = List.of(cut, instanceOn(dataSource));

    List<HeadState> results =
        inParallel(4, i -> instances.get(i % 2).branchFromHead(NAME, "side", "main.py"));

    for (HeadState result : results) {
      assertEquals(new HeadState(first, "side", "v1\n"), result);
    }
    assertEquals(List.of(new Branch("main", first), new Branch("side", first)), cut.branches(NAME));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.vibegrapher.git.control.StorageDatabases#all")
  void aRevertIsACommitAndAConflictingOneWritesNothing(Engine engine) throws Exception {
    preparedOn(engine);
    String second = cut.commitFile(NAME, "main.py", "v2\n", "two", HUMAN);
    String other = cut.commitFile(NAME, "other.txt", "o\n", "other", HUMAN);

    String reverted = cut.revert(NAME, second, "Revert two", HUMAN).orElseThrow();

    assertEquals(Optional.of(new HeadState(reverted, "main", "v1\n")), cut.head(NAME, "main.py"));
    assertEquals(Optional.of("o\n"), cut.readFile(NAME, "other.txt"), "later work stays");
    CommitEntry commit = cut.log(NAME, "main", 1, null).get(0);
    assertEquals("Revert two", commit.message());
    assertEquals("Rita Reviewer", commit.authorName());
    assertEquals(List.of(reverted, other, second, first), shas(cut.log(NAME, "main", 10, null)));

    String third = cut.commitFile(NAME, "main.py", "v3\n", "three", HUMAN);
    long packFiles = rows("SELECT COUNT(*) FROM git_pack_files");
    assertEquals(
        Optional.empty(),
        cut.revert(NAME, second, "Revert two again", HUMAN),
        "v1 -> v2 cannot be undone where the line is v3 now");
    assertEquals(Optional.of(new HeadState(third, "main", "v3\n")), cut.head(NAME, "main.py"));
    assertEquals(List.of(third, reverted), shas(cut.log(NAME, "main", 2, null)));
    assertEquals(packFiles, rows("SELECT COUNT(*) FROM git_pack_files"), "no pack was stored");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.vibegrapher.git.control.StorageDatabases#all")
  void neverReadsOutsideTheTree(Engine engine) {
    preparedOn(engine);

    for (String path :
        List.of(
            "../secret.txt",
            "/etc/passwd",
            "./main.py",
            "main.py/..",
            ".git/config",
            ".git/HEAD",
            "config",
            "HEAD",
            "objects",
            "refs/heads/main",
            "",
            "main.py\u0000")) {
      assertEquals(Optional.empty(), cut.readFile(NAME, path), path);
    }
    assertEquals(Optional.of("v1\n"), cut.readFile(NAME, "main.py"));
    assertThrows(
        IllegalArgumentException.class,
        () -> cut.commitFile(NAME, "../outside.py", "x", "escape", HUMAN));
    assertThrows(
        IllegalArgumentException.class,
        () -> cut.commitOnBranch(NAME, "main", first, ".git/config", "x", "escape", HUMAN));
    assertEquals(List.of(first), shas(cut.log(NAME, "main", 10, null)), "nothing committed");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.vibegrapher.git.control.StorageDatabases#all")
  void aDeletedRepositoryIsGoneAndItsNameFree(Engine engine) throws Exception {
    preparedOn(engine);
    String kept = cut.create("kept", "main.py", "kept\n", "one").commit();
    GitRepositories other = instanceOn(dataSource);
    assertTrue(other.head(NAME, "main.py").isPresent(), "read, and so cached, by another instance");

    cut.delete(NAME);

    for (GitRepositories instance : List.of(cut, other)) {
      assertFalse(instance.exists(NAME));
      assertEquals(Optional.empty(), instance.head(NAME, "main.py"));
      assertEquals(Optional.empty(), instance.readFile(NAME, "main.py"));
      assertEquals(List.of(), instance.listFiles(NAME));
      assertEquals(List.of(), instance.branches(NAME));
      assertEquals(List.of(), instance.log(NAME, "main", 10, null));
      assertEquals(Map.of(), instance.heads(List.of(NAME)));
    }
    assertEquals(0, rows("SELECT COUNT(*) FROM git_pack_files WHERE repository = '" + NAME + "'"));
    assertThrows(GitFailure.class, () -> cut.repositoryOf(NAME));
    assertEquals(Optional.of(new HeadState(kept, "main", "kept\n")), cut.head("kept", "main.py"));
    HeadState again = cut.create(NAME, "main.py", "new\n", "anew");
    assertEquals(List.of(again.commit()), shas(other.log(NAME, "main", 10, null)));
    cut.delete("never-made");
    assertFalse(cut.exists("never-made"), "deleting what is not there is no failure");
  }

  /**
   * Creating a project waits for this, in the project's transaction: HEAD, the pack's files in one
   * statement, the branch; nothing read back, nothing swept in a repository that is new.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.vibegrapher.git.control.StorageDatabases#all")
  void creatingARepositoryWithItsFirstCommitIsThreeInserts(Engine engine) throws Exception {
    emptyOn(engine);
    WatchedDataSource watched = new WatchedDataSource(dataSource);
    GitRepositories creator = instanceOn(watched.dataSource());

    HeadState created = creator.create(NAME, "main.py", "v1\n", "one");

    List<String> statements = watched.prepared();
    assertEquals(3, statements.size(), String.join("\n", statements));
    assertTrue(statements.stream().allMatch(sql -> sql.startsWith("INSERT")), statements::toString);
    GitRepositories other = instanceOn(dataSource);
    assertEquals(Optional.of(created), other.head(NAME, "main.py"));
    assertEquals(List.of(created.commit()), shas(other.log(NAME, "main", 10, null)));
    assertThrows(GitFailure.class, () -> creator.create(NAME, "main.py", "v2\n", "again"));
    assertEquals(Optional.of(created), instanceOn(dataSource).head(NAME, "main.py"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.vibegrapher.git.control.StorageDatabases#all")
  void headsOfSeveralRepositoriesAreOneQuery(Engine engine) throws Exception {
    preparedOn(engine);
    String second = cut.commitFile(NAME, "main.py", "v2\n", "two", HUMAN);
    String other = cut.create("other", "other.py", "o\n", "one").commit();
    cut.stored.create("no-commit").close();
    WatchedDataSource watched = new WatchedDataSource(dataSource);
    GitRepositories lister = instanceOn(watched.dataSource());

    Map<String, HeadState> heads = lister.heads(List.of(NAME, "other", "no-commit", "missing"));

    assertEquals(1, watched.statements(), "one query for all");
    assertEquals(
        Map.of(
            NAME, new HeadState(second, "main", null), "other", new HeadState(other, "main", null)),
        heads);
    assertEquals(Map.of(), lister.heads(List.of()));
    assertEquals(1, watched.statements(), "none for no names");
  }

  /**
   * The design's point: a write joins the caller's transaction, so when it rolls back, HEAD, the
   * log and the files are as before, for this instance and every other; when it commits, all see
   * it.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.vibegrapher.git.control.StorageDatabases#all")
  void aCommitInARolledBackTransactionLeavesNoTraceAndACommittedOneShows(Engine engine)
      throws Exception {
    preparedOn(engine);
    DatabaseRepositories outside = cut.stored;
    GitRepositories other = instanceOn(dataSource);
    HeadState before = new HeadState(first, "main", "v1\n");
    assertEquals(Optional.of(before), cut.head(NAME, "main.py"));
    long packFiles = rows("SELECT COUNT(*) FROM git_pack_files");

    try (OneTransaction transaction = new OneTransaction(dataSource)) {
      cut.stored = new DatabaseRepositories(transaction);
      String undone = cut.commitFile(NAME, "main.py", "undone\n", "undone", HUMAN);
      String branched = cut.branchFromHead(NAME, "side", "main.py").commit();
      assertEquals(undone, branched);
      assertEquals(
          Optional.of(new HeadState(undone, "main", "undone\n")), cut.head(NAME, "main.py"));
      assertEquals(List.of(undone, first), shas(cut.log(NAME, "main", 10, null)));
      assertEquals(Optional.of(before), other.head(NAME, "main.py"), "not committed yet");
      transaction.rollback();
    }
    cut.stored = outside;

    for (GitRepositories instance : List.of(cut, other)) {
      assertEquals(Optional.of(before), instance.head(NAME, "main.py"));
      assertEquals(List.of(first), shas(instance.log(NAME, "main", 10, null)));
      assertEquals(List.of(new Branch("main", first)), instance.branches(NAME));
      assertEquals(List.of(new RepositoryFile("main.py", 3)), instance.listFiles(NAME));
      assertEquals(Map.of(NAME, new HeadState(first, "main", null)), instance.heads(List.of(NAME)));
    }
    assertEquals(packFiles, rows("SELECT COUNT(*) FROM git_pack_files"), "no pack left over");

    String done;
    try (OneTransaction transaction = new OneTransaction(dataSource)) {
      cut.stored = new DatabaseRepositories(transaction);
      done = cut.commitFile(NAME, "main.py", "done\n", "done", HUMAN);
      transaction.commit();
    }
    cut.stored = outside;

    for (GitRepositories instance : List.of(cut, other)) {
      assertEquals(
          Optional.of(new HeadState(done, "main", "done\n")), instance.head(NAME, "main.py"));
      assertEquals(List.of(done, first), shas(instance.log(NAME, "main", 10, null)));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.vibegrapher.git.control.StorageDatabases#all")
  void aRepositoryMadeOrDeletedInARolledBackTransactionIsAsBefore(Engine engine) throws Exception {
    preparedOn(engine);
    DatabaseRepositories outside = cut.stored;

    try (OneTransaction transaction = new OneTransaction(dataSource)) {
      cut.stored = new DatabaseRepositories(transaction);
      cut.create("made", "main.py", "made\n", "one");
      cut.delete(NAME);
      assertTrue(cut.exists("made"));
      assertFalse(cut.exists(NAME));
      transaction.rollback();
    }
    cut.stored = outside;

    assertFalse(cut.exists("made"));
    assertEquals(Optional.empty(), cut.head("made", "main.py"));
    assertEquals(0, rows("SELECT COUNT(*) FROM git_pack_files WHERE repository = 'made'"));
    assertTrue(cut.exists(NAME));
    assertEquals(Optional.of(new HeadState(first, "main", "v1\n")), cut.head(NAME, "main.py"));
    assertEquals(List.of(first), shas(cut.log(NAME, "main", 10, null)));
    String made = cut.create("made", "main.py", "again\n", "one").commit();
    assertEquals(List.of(made), shas(cut.log("made", "main", 10, null)));
  }

  /**
   * Nothing but the opener ties the reads and commits to the database: on JGit's own DFS storage in
   * memory they behave the same.
   */
  @Test
  void readsAndCommitsNeedNothingButTheRepository() throws Exception {
    InMemoryRepository memory = new InMemoryRepository(new DfsRepositoryDescription(NAME));
    memory.updateRef(Constants.HEAD).link("refs/heads/main");
    cut = instanceOn(null); // no database: everything below goes through the opener
    cut.opener = name -> memory;

    first = cut.commitFile(NAME, "main.py", "v1\n", "one", HUMAN);
    String second = cut.commitFile(NAME, "main.py", "v2\n", "two", HUMAN);
    cut.branchFromHead(NAME, "side", "main.py");
    String onSide =
        cut.commitOnBranch(NAME, "side", second, "side.py", "s", "side", HUMAN).orElseThrow();
    String reverted = cut.revert(NAME, second, "Revert two", HUMAN).orElseThrow();

    assertEquals(Optional.of(new HeadState(reverted, "main", "v1\n")), cut.head(NAME, "main.py"));
    assertEquals(List.of(reverted, second, first), shas(cut.log(NAME, "main", 10, null)));
    assertEquals(List.of(onSide, second, first), shas(cut.log(NAME, "side", 10, null)));
    assertEquals(List.of(new RepositoryFile("main.py", 3)), cut.listFiles(NAME));
    assertEquals(
        Optional.empty(),
        cut.commitOnBranch(NAME, "side", second, "side.py", "t", "stale", HUMAN),
        "compare-and-set");
  }

  private long rows(String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet row = statement.executeQuery()) {
      row.next();
      return row.getLong(1);
    }
  }

  private static List<String> shas(List<CommitEntry> log) {
    return log.stream().map(CommitEntry::sha).toList();
  }

  @FunctionalInterface
  interface Writer<T> {
    T write(int index) throws Exception;
  }

  /** Runs the writers at once, each released by the same latch; their results by index. */
  private static <T> List<T> inParallel(int count, Writer<T> writer) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(count);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int index = i;
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return writer.write(index);
                }));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.vibegrapher.git.control.StorageDatabases#all")
  void manyPacksAreCompactedIntoOneAndEverythingStaysReadable(Engine engine) throws Exception {
    preparedOn(engine);
    for (int i = 0; i < GitRepositories.PACKS_BEFORE_COMPACTION - 2; i++) {
      cut.commitFile(NAME, "main.py", "v" + i + "\n", "commit " + i, HUMAN);
    }
    assertFalse(cut.compactWhenMany(NAME), "few packs are left as they are");
    for (int i = 0; i < 4; i++) {
      cut.commitFile(NAME, "notes/" + i + ".md", "note " + i + "\n", "note " + i, HUMAN);
    }
    List<String> before = shas(cut.log(NAME, "main", 100, null));
    assertTrue(packs() > GitRepositories.PACKS_BEFORE_COMPACTION);

    assertTrue(cut.compactWhenMany(NAME));

    assertTrue(packs() <= 2, "one pack of what is reachable, at most one of the rest: " + packs());
    GitRepositories other = instanceOn(dataSource);
    assertEquals(before, shas(other.log(NAME, "main", 100, null)));
    assertEquals(Optional.of("note 3\n"), other.readFile(NAME, "notes/3.md"));
    assertEquals(
        "v" + (GitRepositories.PACKS_BEFORE_COMPACTION - 3) + "\n",
        other.readFile(NAME, "main.py").orElseThrow());
    String next = other.commitFile(NAME, "main.py", "after\n", "after compaction", HUMAN);
    assertEquals(next, cut.head(NAME, "main.py").orElseThrow().commit());
  }

  private int packs() throws Exception {
    try (DatabaseRepository repository = cut.stored.open(NAME)) {
      return repository.getObjectDatabase().getPacks().length;
    }
  }
}
