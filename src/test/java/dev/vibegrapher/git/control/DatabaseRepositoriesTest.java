package dev.vibegrapher.git.control;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vibegrapher.git.control.StorageDatabases.Engine;
import dev.vibegrapher.git.control.StorageDatabases.TestDatabase;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.internal.storage.dfs.DfsBlockCache;
import org.eclipse.jgit.internal.storage.dfs.DfsBlockCacheConfig;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DatabaseRepositoriesTest {

  private static final String MAIN = Constants.R_HEADS + GitRepositories.DEFAULT_BRANCH;
  private static final String FILE = "agent.py";
  private static final PersonIdent AUTHOR =
      new PersonIdent("Test Author", "author@example.org", Instant.EPOCH, ZoneOffset.UTC);

  private final List<AutoCloseable> opened = new ArrayList<>();
  private final MovableClock clock = new MovableClock();
  private DataSource dataSource;

  @AfterEach
  void closeAndDrop() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
  }

  /** A fresh database, and the repositories of one instance on it. */
  private DatabaseRepositories instanceOn(Engine engine) {
    TestDatabase database = engine.create();
    opened.add(database);
    dataSource = database.dataSource();
    return anotherInstance();
  }

  /** What another instance sharing the database sees: nothing of this one's memory. */
  private DatabaseRepositories anotherInstance() {
    DfsBlockCache.reconfigure(new DfsBlockCacheConfig());
    return new DatabaseRepositories(dataSource, clock);
  }

  private <T extends AutoCloseable> T kept(T closeable) {
    opened.add(closeable);
    return closeable;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.vibegrapher.git.control.StorageDatabases#all")
  void aCreatedRepositoryExistsWithHeadOnAnUnbornMain(Engine engine) throws Exception {
    DatabaseRepositories cut = instanceOn(engine);
    kept(cut.create("triage"));

    assertTrue(cut.exists("triage"));
    assertFalse(cut.exists("other"));
    assertEquals(List.of("triage"), anotherInstance().names());
    Repository repository = kept(anotherInstance().open("triage"));
    Ref head = repository.exactRef(Constants.HEAD);
    assertTrue(head.isSymbolic());
    assertEquals(MAIN, head.getTarget().getName());
    assertNull(repository.resolve(Constants.HEAD));
    assertThrows(IOException.class, () -> anotherInstance().create("triage"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.vibegrapher.git.control.StorageDatabases#all")
  void whatOneInstanceCommitsAnotherReads(Engine engine) throws Exception {
    DatabaseRepositories cut = instanceOn(engine);
    Repository writer = kept(cut.create("triage"));
    byte[] large = new byte[300_000]; // incompressible, so its pack spans several cache blocks
    new Random(7).nextBytes(large);
    ObjectId first = commit(writer, "print('hello')\n".getBytes(UTF_8), null);
    assertEquals(RefUpdate.Result.NEW, advance(writer, Constants.HEAD, null, first));
    ObjectId second = commit(writer, large, first);
    assertEquals(RefUpdate.Result.FAST_FORWARD, advance(writer, Constants.HEAD, first, second));

    Repository reader = kept(anotherInstance().open("triage"));
    assertEquals(second, reader.resolve(Constants.HEAD));
    assertArrayEquals(large, file(reader, second));
    assertArrayEquals("print('hello')\n".getBytes(UTF_8), file(reader, first));
    assertEquals(2, count(Git.wrap(reader).log().call()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.vibegrapher.git.control.StorageDatabases#all")
  void ofTwoWritersFromTheSameOldIdExactlyOneWins(Engine engine) throws Exception {
    DatabaseRepositories cut = instanceOn(engine);
    Repository setUp = kept(cut.create("triage"));
    ObjectId base = commit(setUp, bytes("base"), null);
    advance(setUp, MAIN, null, base);
    Repository one = kept(anotherInstance().open("triage"));
    Repository two = kept(anotherInstance().open("triage"));
    ObjectId fromOne = commit(one, bytes("one"), base);
    ObjectId fromTwo = commit(two, bytes("two"), base);
    assertEquals(base, one.resolve(MAIN));
    assertEquals(base, two.resolve(MAIN));

    assertEquals(RefUpdate.Result.FAST_FORWARD, advance(one, MAIN, base, fromOne));
    assertEquals(RefUpdate.Result.LOCK_FAILURE, advance(two, MAIN, base, fromTwo));
    // Even a writer that asks no expected id and still holds the old value loses.
    RefUpdate forced = two.updateRef(MAIN);
    forced.setNewObjectId(fromTwo);
    forced.setForceUpdate(true);
    assertEquals(RefUpdate.Result.LOCK_FAILURE, forced.update());

    assertEquals(fromOne, kept(anotherInstance().open("triage")).resolve(MAIN));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.vibegrapher.git.control.StorageDatabases#all")
  void ofConcurrentWritersExactlyOneWins(Engine engine) throws Exception {
    DatabaseRepositories cut = instanceOn(engine);
    Repository setUp = kept(cut.create("triage"));
    ObjectId base = commit(setUp, bytes("base"), null);
    advance(setUp, MAIN, null, base);
    int writers = 4;
    List<ObjectId> tips = new ArrayList<>();
    for (int i = 0; i < writers; i++) {
      tips.add(commit(setUp, bytes("writer " + i), base));
    }
    CyclicBarrier start = new CyclicBarrier(writers);
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    List<Future<RefUpdate.Result>> results = new ArrayList<>();
    try {
      for (ObjectId tip : tips) {
        Repository writer = kept(new DatabaseRepositories(dataSource).open("triage"));
        writer.exactRef(MAIN);
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return advance(writer, MAIN, base, tip);
                }));
      }
      List<RefUpdate.Result> outcomes = new ArrayList<>();
      for (Future<RefUpdate.Result> result : results) {
        outcomes.add(result.get());
      }
      assertEquals(1, outcomes.stream().filter(RefUpdate.Result.FAST_FORWARD::equals).count());
      assertEquals(
          writers - 1, outcomes.stream().filter(RefUpdate.Result.LOCK_FAILURE::equals).count());
      ObjectId winner = tips.get(outcomes.indexOf(RefUpdate.Result.FAST_FORWARD));
      assertEquals(winner, kept(anotherInstance().open("triage")).resolve(MAIN));
    } finally {
      pool.shutdownNow();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.vibegrapher.git.control.StorageDatabases#all")
  void aRolledBackTransactionLeavesRefAndObjectsAsTheyWere(Engine engine) throws Exception {
    DatabaseRepositories cut = instanceOn(engine);
    Repository setUp = kept(cut.create("triage"));
    ObjectId base = commit(setUp, bytes("base"), null);
    advance(setUp, MAIN, null, base);

    ObjectId undone;
    try (OneTransaction transaction = new OneTransaction(dataSource)) {
      Repository inside = kept(new DatabaseRepositories(transaction, clock).open("triage"));
      undone = commit(inside, bytes("undone"), base);
      assertEquals(RefUpdate.Result.FAST_FORWARD, advance(inside, MAIN, base, undone));
      Repository alsoInside = kept(new DatabaseRepositories(transaction, clock).open("triage"));
      assertEquals(undone, alsoInside.resolve(MAIN));
      assertEquals(base, kept(anotherInstance().open("triage")).resolve(MAIN));
      transaction.rollback();
    }

    Repository after = kept(anotherInstance().open("triage"));
    assertEquals(base, after.resolve(MAIN));
    assertFalse(after.getObjectDatabase().has(undone));
    assertEquals(0, rows("git_pack_files", "triage", "state = 'written'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.vibegrapher.git.control.StorageDatabases#all")
  void aCommittedTransactionPublishesTheRefWithItsObjects(Engine engine) throws Exception {
    DatabaseRepositories cut = instanceOn(engine);
    Repository setUp = kept(cut.create("triage"));
    ObjectId base = commit(setUp, bytes("base"), null);
    advance(setUp, MAIN, null, base);

    ObjectId done;
    try (OneTransaction transaction = new OneTransaction(dataSource)) {
      Repository inside = kept(new DatabaseRepositories(transaction, clock).open("triage"));
      done = commit(inside, bytes("done"), base);
      advance(inside, MAIN, base, done);
      transaction.commit();
    }

    Repository after = kept(anotherInstance().open("triage"));
    assertEquals(done, after.resolve(MAIN));
    assertArrayEquals(bytes("done"), file(after, done));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.vibegrapher.git.control.StorageDatabases#all")
  void deletingRemovesEveryRowOfThatRepositoryAndNoOther(Engine engine) throws Exception {
    DatabaseRepositories cut = instanceOn(engine);
    for (String name : List.of("gone", "kept")) {
      Repository repository = kept(cut.create(name));
      ObjectId tip = commits(repository, 3);
      assertEquals(tip, repository.resolve(MAIN));
    }
    cut.compact("gone"); // leaves replaced packs' rows behind for a while

    assertTrue(cut.delete("gone"));

    assertEquals(0, rows("git_refs", "gone", "1 = 1"));
    assertEquals(0, rows("git_pack_files", "gone", "1 = 1"));
    assertFalse(cut.exists("gone"));
    assertEquals(List.of("kept"), cut.names());
    assertEquals(3, count(Git.wrap(kept(anotherInstance().open("kept"))).log().call()));
    assertFalse(cut.delete("gone"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.vibegrapher.git.control.StorageDatabases#all")
  void compactingKeepsEveryObjectInFewerPacks(Engine engine) throws Exception {
    DatabaseRepositories cut = instanceOn(engine);
    Repository writer = kept(cut.create("triage"));
    ObjectId tip = commits(writer, 30);
    int before = kept(anotherInstance().open("triage")).getObjectDatabase().getPacks().length;

    cut.compact("triage");

    DatabaseRepository reader = kept(anotherInstance().open("triage"));
    int after = reader.getObjectDatabase().getPacks().length;
    assertTrue(before >= 30, "packs before: " + before);
    assertEquals(1, after);
    assertHistoryReadable(reader, tip, 30);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.vibegrapher.git.control.StorageDatabases#all")
  void replacedPacksAreDeletedOnlyAfterReadersHadTheirTime(Engine engine) throws Exception {
    DatabaseRepositories cut = instanceOn(engine);
    Repository writer = kept(cut.create("triage"));
    ObjectId tip = commits(writer, 5);
    cut.compact("triage");
    long replaced = rows("git_pack_files", "triage", "state = 'replaced'");
    assertTrue(replaced >= 10, "replaced pack files: " + replaced); // each pack and its index

    clock.move(DatabaseObjectDatabase.REPLACED_KEPT.plusMinutes(1));
    Repository later = kept(anotherInstance().open("triage"));
    ObjectId next = commit(later, bytes("commit 5"), tip);
    advance(later, MAIN, tip, next);

    assertEquals(0, rows("git_pack_files", "triage", "state = 'replaced'"));
    assertHistoryReadable(kept(anotherInstance().open("triage")), next, 6);
  }

  /**
   * A clone on another instance that listed the packs before a compaction reads them for as long as
   * it takes: an hour later, after a commit that swept, their rows are all still there.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.vibegrapher.git.control.StorageDatabases#all")
  void replacedPacksOutlastASlowClone(Engine engine) throws Exception {
    DatabaseRepositories cut = instanceOn(engine);
    Repository writer = kept(cut.create("triage"));
    ObjectId tip = commits(writer, 5);
    cut.compact("triage");
    long replaced = rows("git_pack_files", "triage", "state = 'replaced'");

    clock.move(Duration.ofHours(1));
    Repository later = kept(anotherInstance().open("triage"));
    advance(later, MAIN, tip, commit(later, bytes("commit 5"), tip));

    assertEquals(replaced, rows("git_pack_files", "triage", "state = 'replaced'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.vibegrapher.git.control.StorageDatabases#all")
  void twoHundredCommitsReadBackAsALog(Engine engine) throws Exception {
    DatabaseRepositories cut = instanceOn(engine);
    Repository writer = kept(cut.create("triage"));
    ObjectId tip = commits(writer, 200);

    assertHistoryReadable(kept(anotherInstance().open("triage")), tip, 200);
    cut.compact("triage");
    assertHistoryReadable(kept(anotherInstance().open("triage")), tip, 200);
  }

  /** The log from the tip, newest first, each commit with the file it wrote. */
  private static void assertHistoryReadable(Repository repository, ObjectId tip, int expected)
      throws Exception {
    assertEquals(tip, repository.resolve(MAIN));
    List<String> messages = new ArrayList<>();
    for (RevCommit commit : Git.wrap(repository).log().call()) {
      messages.add(commit.getFullMessage());
      assertArrayEquals(bytes(commit.getFullMessage()), file(repository, commit));
    }
    assertEquals(expected, messages.size());
    assertEquals("commit " + (expected - 1), messages.get(0));
    assertEquals("commit 0", messages.get(expected - 1));
  }

  /** {@code count} commits on main, each writing its own message as the file, one pack each. */
  private static ObjectId commits(Repository repository, int count) throws IOException {
    ObjectId tip = repository.resolve(MAIN);
    for (int i = 0; i < count; i++) {
      ObjectId next = commit(repository, bytes("commit " + i), tip);
      assertEquals(
          tip == null ? RefUpdate.Result.NEW : RefUpdate.Result.FAST_FORWARD,
          advance(repository, MAIN, tip, next));
      tip = next;
    }
    return tip;
  }

  private static ObjectId commit(Repository repository, byte[] content, ObjectId parent)
      throws IOException {
    try (ObjectInserter inserter = repository.newObjectInserter()) {
      TreeFormatter tree = new TreeFormatter();
      tree.append(FILE, FileMode.REGULAR_FILE, inserter.insert(Constants.OBJ_BLOB, content));
      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(inserter.insert(tree));
      if (parent != null) {
        commit.setParentId(parent);
      }
      commit.setAuthor(AUTHOR);
      commit.setCommitter(AUTHOR);
      commit.setMessage(new String(content, UTF_8));
      ObjectId id = inserter.insert(commit);
      inserter.flush();
      return id;
    }
  }

  private static RefUpdate.Result advance(
      Repository repository, String ref, ObjectId from, ObjectId to) throws IOException {
    RefUpdate update = repository.updateRef(ref);
    update.setExpectedOldObjectId(from == null ? ObjectId.zeroId() : from);
    update.setNewObjectId(to);
    return update.update();
  }

  private static byte[] file(Repository repository, ObjectId commitId) throws IOException {
    try (RevWalk walk = new RevWalk(repository);
        TreeWalk tree = TreeWalk.forPath(repository, FILE, walk.parseCommit(commitId).getTree())) {
      return repository.open(tree.getObjectId(0)).getBytes();
    }
  }

  private long rows(String table, String repository, String condition) throws SQLException {
    String sql = "SELECT COUNT(*) FROM " + table + " WHERE repository = ? AND " + condition;
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, repository);
      try (ResultSet row = statement.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  private static int count(Iterable<?> items) {
    int n = 0;
    for (Object ignored : items) {
      n++;
    }
    return n;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }

  /** The time that decides when replaced packs may go, moved by the test. */
  private static final class MovableClock extends Clock {
    private Instant now = Instant.now();

    void move(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
