package dev.vibegrapher.git.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vibegrapher.git.entity.Author;
import dev.vibegrapher.git.entity.Branch;
import dev.vibegrapher.git.entity.CommitEntry;
import dev.vibegrapher.git.entity.HeadState;
import dev.vibegrapher.git.entity.RepositoryFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every operation works on a repository with a work tree, a bare one on disk and one in JGit's DFS
 * storage ({@link InMemoryRepository}, real JGit, the storage repositories will move to): nothing
 * needs a work tree or an index. Branches move by compare-and-set only.
 */
class GitRepositoriesOnEveryStorageTest {

  private static final Author HUMAN = new Author("Rita Reviewer", "rita@example.com");

  enum Storage {
    /** On disk with a work tree and an index, as repositories made before this release. */
    WORK_TREE,
    /** On disk, bare, as {@link GitRepositories#create} makes them. */
    BARE,
    /** In JGit's DFS storage. */
    IN_MEMORY
  }

  @org.junit.jupiter.api.io.TempDir Path temp;
  GitRepositories cut;
  Path repository;
  InMemoryRepository memory;
  String first;

  @BeforeEach
  void setUp() throws Exception {
    cut = new GitRepositories();
    cut.authorName = "Test Author";
    cut.authorEmail = "author@example.org";
    repository = Files.createDirectory(temp.resolve("demo"));
  }

  @AfterEach
  void tearDown() {
    cut.closeAll();
  }

  /** A repository of the storage with one commit on main: main.py holding "v1\n". */
  private void prepare(Storage storage) throws Exception {
    switch (storage) {
      case WORK_TREE -> first = RepositoriesWithWorkTree.create(repository, "main.py", "v1\n");
      case BARE -> first = cut.create(repository, "main.py", "v1\n", "one").commit();
      case IN_MEMORY -> {
        memory = new InMemoryRepository(new DfsRepositoryDescription("demo"));
        memory.updateRef(Constants.HEAD).link(Constants.R_HEADS + "main");
        cut.opener = directory -> memory;
        first = cut.commitFile(repository, "main.py", "v1\n", "one", cut.server());
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Storage.class)
  void commitsMoveTheCheckedOutBranchAndReadsFollowIt(Storage storage) throws Exception {
    prepare(storage);
    String second = cut.commitFile(repository, "pkg/util.py", "abc", "two", HUMAN);
    String third = cut.commitFile(repository, "main.py", "v2\n", "three\n\nWith a body.", HUMAN);

    assertEquals(
        Optional.of(new HeadState(third, "main", "v2\n")), cut.head(repository, "main.py"));
    assertEquals(Optional.of("abc"), cut.readFile(repository, "pkg/util.py"));
    assertEquals(
        List.of(new RepositoryFile("main.py", 3), new RepositoryFile("pkg/util.py", 3)),
        cut.listFiles(repository));
    List<CommitEntry> log = cut.log(repository, "main", 10, null);
    assertEquals(List.of(third, second, first), log.stream().map(CommitEntry::sha).toList());
    assertEquals("three\n\nWith a body.", log.get(0).message());
    assertEquals("Rita Reviewer", log.get(0).authorName());
    assertEquals(List.of(new Branch("main", third)), cut.branches(repository));
    try (RevWalk walk = new RevWalk(cut.repository(repository))) {
      RevCommit commit = walk.parseCommit(ObjectId.fromString(third));
      assertEquals("Test Author", commit.getCommitterIdent().getName(), "the server commits");
      assertEquals(second, commit.getParent(0).getName());
    }
  }

  @ParameterizedTest
  @EnumSource(Storage.class)
  void aBranchIsMadeAndCommittedOnWhileHeadStays(Storage storage) throws Exception {
    prepare(storage);
    HeadState side = cut.branchFromHead(repository, "feature/x", "main.py");
    assertEquals(new HeadState(first, "feature/x", "v1\n"), side);

    Optional<String> onSide =
        cut.commitOnBranch(repository, "feature/x", first, "main.py", "side\n", "side", HUMAN);

    assertTrue(onSide.isPresent());
    assertEquals(
        Optional.of(new HeadState(onSide.get(), "feature/x", "side\n")),
        cut.branchTip(repository, "feature/x", "main.py"));
    assertEquals(
        Optional.of(new HeadState(first, "main", "v1\n")), cut.head(repository, "main.py"));
    assertEquals(
        new HeadState(onSide.get(), "feature/x", "side\n"),
        cut.branchFromHead(repository, "feature/x", "main.py"),
        "an existing branch is kept as it is");
    assertEquals(Optional.empty(), cut.branchTip(repository, "no-such-branch", "main.py"));
  }

  @ParameterizedTest
  @EnumSource(Storage.class)
  void aCommitOnABranchThatMovedFailsInsteadOfOverwriting(Storage storage) throws Exception {
    prepare(storage);
    String theirs =
        cut.commitOnBranch(repository, "main", first, "main.py", "theirs\n", "theirs", HUMAN)
            .orElseThrow();

    Optional<String> ours =
        cut.commitOnBranch(repository, "main", first, "main.py", "ours\n", "ours", HUMAN);

    assertEquals(Optional.empty(), ours);
    assertEquals(
        Optional.of(new HeadState(theirs, "main", "theirs\n")), cut.head(repository, "main.py"));
    assertEquals(List.of(theirs, first), shas(cut.log(repository, "main", 10, null)));
  }

  @ParameterizedTest
  @EnumSource(Storage.class)
  void ofConcurrentCommitsOnOneTipExactlyOneLands(Storage storage) throws Exception {
    prepare(storage);
    int writers = 8;
    List<Optional<String>> results =
        inParallel(
            writers,
            i ->
                cut.commitOnBranch(
                    repository, "main", first, "main.py", "v" + i + "\n", "c" + i, HUMAN));

    List<String> landed = results.stream().flatMap(Optional::stream).toList();
    assertEquals(1, landed.size(), results::toString);
    assertEquals(List.of(landed.get(0), first), shas(cut.log(repository, "main", 10, null)));
  }

  @ParameterizedTest
  @EnumSource(Storage.class)
  void concurrentCommitsOnTheCheckedOutBranchNeverLoseOne(Storage storage) throws Exception {
    prepare(storage);
    int writers = 8;
    List<Optional<String>> results =
        inParallel(
            writers,
            i -> {
              try {
                return Optional.of(
                    cut.commitFile(repository, "file" + i + ".txt", "x", "c" + i, HUMAN));
              } catch (GitFailure movedMeanwhile) {
                return Optional.<String>empty();
              }
            });

    List<String> landed = results.stream().flatMap(Optional::stream).toList();
    assertFalse(landed.isEmpty());
    List<String> history = shas(cut.log(repository, "main", 100, null));
    assertEquals(landed.size() + 1, history.size(), "each commit that returned is on the branch");
    assertTrue(history.containsAll(landed));
    for (int i = 0; i < writers; i++) {
      boolean committed = results.get(i).isPresent();
      assertEquals(
          committed ? Optional.of("x") : Optional.empty(),
          cut.readFile(repository, "file" + i + ".txt"),
          "file" + i + " is in HEAD's tree exactly if its commit returned");
    }
  }

  @ParameterizedTest
  @EnumSource(Storage.class)
  void aRevertIsACommitAndAConflictingOneWritesNothing(Storage storage) throws Exception {
    prepare(storage);
    String second = cut.commitFile(repository, "main.py", "v2\n", "two", HUMAN);
    String other = cut.commitFile(repository, "other.txt", "o\n", "other", HUMAN);

    String reverted = cut.revert(repository, second, "Revert two", HUMAN).orElseThrow();

    assertEquals(
        Optional.of(new HeadState(reverted, "main", "v1\n")), cut.head(repository, "main.py"));
    assertEquals(Optional.of("o\n"), cut.readFile(repository, "other.txt"), "later work stays");
    CommitEntry commit = cut.log(repository, "main", 1, null).get(0);
    assertEquals("Revert two", commit.message());
    assertEquals("Rita Reviewer", commit.authorName());
    assertEquals(
        List.of(reverted, other, second, first), shas(cut.log(repository, "main", 10, null)));

    String third = cut.commitFile(repository, "main.py", "v3\n", "three", HUMAN);
    assertEquals(
        Optional.empty(),
        cut.revert(repository, second, "Revert two again", HUMAN),
        "v1 -> v2 cannot be undone where the line is v3 now");
    assertEquals(
        Optional.of(new HeadState(third, "main", "v3\n")), cut.head(repository, "main.py"));
  }

  @ParameterizedTest
  @EnumSource(Storage.class)
  void resetsUndoOnlyTheCommitOnTopOfTheOneGivenBack(Storage storage) throws Exception {
    prepare(storage);
    cut.commitFile(repository, "main.py", "v2\n", "two", HUMAN);
    cut.resetHard(repository, first);
    assertEquals(
        Optional.of(new HeadState(first, "main", "v1\n")), cut.head(repository, "main.py"));

    String again = cut.commitFile(repository, "main.py", "v2\n", "two again", HUMAN);
    String later = cut.commitFile(repository, "main.py", "v3\n", "someone's later", HUMAN);
    cut.resetHard(repository, first);
    assertEquals(
        Optional.of(new HeadState(later, "main", "v3\n")),
        cut.head(repository, "main.py"),
        "the branch moved on: nothing is thrown away");

    cut.branchFromHead(repository, "side", "main.py");
    String onSide =
        cut.commitOnBranch(repository, "side", later, "main.py", "s\n", "side", HUMAN)
            .orElseThrow();
    cut.resetBranch(repository, "side", again);
    assertEquals(
        onSide,
        cut.branchTip(repository, "side", "main.py").orElseThrow().commit(),
        "a reset back to a commit two below the tip moves nothing");
    cut.resetBranch(repository, "side", later);
    assertEquals(later, cut.branchTip(repository, "side", "main.py").orElseThrow().commit());
  }

  @ParameterizedTest
  @EnumSource(Storage.class)
  void headFollowsACommitByAnotherWriter(Storage storage) throws Exception {
    prepare(storage);
    assertEquals(
        Optional.of(new HeadState(first, "main", "v1\n")), cut.head(repository, "main.py"));

    String outside = commitFromOutside(storage, "outside\n");

    assertEquals(
        Optional.of(new HeadState(outside, "main", "outside\n")), cut.head(repository, "main.py"));
  }

  /** A commit onto main by another writer: another JGit instance on disk, the same database. */
  private String commitFromOutside(Storage storage, String content) throws Exception {
    Repository other =
        storage == Storage.IN_MEMORY
            ? memory
            : new FileRepositoryBuilder()
                .setGitDir(
                    storage == Storage.BARE
                        ? repository.toFile()
                        : repository.resolve(Constants.DOT_GIT).toFile())
                .setMustExist(true)
                .build();
    try (ObjectInserter inserter = other.newObjectInserter()) {
      ObjectId tip = other.resolve("refs/heads/main");
      TreeFormatter tree = new TreeFormatter();
      tree.append(
          "main.py",
          FileMode.REGULAR_FILE,
          inserter.insert(Constants.OBJ_BLOB, content.getBytes(StandardCharsets.UTF_8)));
      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(inserter.insert(tree));
      commit.setParentId(tip);
      PersonIdent someone = new PersonIdent("Someone", "someone@example.com");
      commit.setAuthor(someone);
      commit.setCommitter(someone);
      commit.setMessage("outside");
      ObjectId created = inserter.insert(commit);
      inserter.flush();
      RefUpdate update = other.updateRef("refs/heads/main");
      update.setExpectedOldObjectId(tip);
      update.setNewObjectId(created);
      assertEquals(RefUpdate.Result.FAST_FORWARD, update.update());
      return created.name();
    } finally {
      if (other != memory) {
        other.close();
      }
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
}
