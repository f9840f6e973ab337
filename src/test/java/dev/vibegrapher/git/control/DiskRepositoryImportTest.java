package dev.vibegrapher.git.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vibegrapher.git.control.DiskRepositoryImport.Imported;
import dev.vibegrapher.git.control.StorageDatabases.Engine;
import dev.vibegrapher.git.control.StorageDatabases.TestDatabase;
import dev.vibegrapher.platform.control.DataDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.MergeResult;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.ObjectWalk;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DiskRepositoryImportTest {

  private static final String NAME = "2f1c5a4e-0000-4000-8000-000000000001";
  private static final String FEATURE = "session/retries";
  private static final PersonIdent AUTHOR =
      new PersonIdent("Test Author", "author@example.org", Instant.EPOCH, ZoneOffset.UTC);

  @TempDir Path data;

  private final List<AutoCloseable> opened = new ArrayList<>();
  private DataSource dataSource;
  private DatabaseRepositories repositories;
  private DiskRepositoryImport cut;

  @AfterEach
  void closeAndDrop() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
  }

  private void on(Engine engine) {
    TestDatabase database = engine.create();
    opened.add(database);
    dataSource = database.dataSource();
    repositories = new DatabaseRepositories(dataSource);
    cut = new DiskRepositoryImport(repositories, DiskRepositoryImport.keptAsideUnder(data));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.vibegrapher.git.control.StorageDatabases#all")
  void theWholeHistoryArrivesAndTheDirectoryIsKeptAside(Engine engine) throws Exception {
    on(engine);
    Path directory = workTreeRepository("triage");
    Snapshot disk = Snapshot.of(directory);

    Imported imported = cut.importRepository(directory, NAME);

    Path aside = data.resolve("projects-imported").resolve("triage");
    assertFalse(Files.exists(directory));
    assertEquals(aside, imported.keptAside());
    assertEquals(disk, Snapshot.of(aside), "the directory moved unchanged");
    RepositoryLocations locations = locationsIn(data);
    assertFalse(imported.keptAside().startsWith(locations.root()));
    assertEquals(List.of(), locations.leftAside(), "the start-up's sweep leaves it alone");
    assertFalse(imported.alreadyImported());
    assertEquals(4, imported.refs()); // main, the session branch, two tags
    assertEquals("refs/heads/main", imported.headBranch());
    try (Repository database = repositories.open(NAME)) {
      assertEquals(disk, Snapshot.of(database));
      assertEquals(disk.objects().size(), imported.objects());
      for (ObjectId object : disk.objects()) {
        assertTrue(database.getObjectDatabase().has(object), object.name());
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.vibegrapher.git.control.StorageDatabases#all")
  void aBareRepositoryKeepsHeadOnItsOwnBranch(Engine engine) throws Exception {
    on(engine);
    Path workTree = workTreeRepository("source");
    Path bare = data.resolve("projects").resolve("bare");
    Git.cloneRepository()
        .setURI(workTree.toUri().toString())
        .setDirectory(bare.toFile())
        .setBare(true)
        .setBranch(FEATURE)
        .call()
        .close();
    Snapshot disk = Snapshot.of(bare);
    assertEquals("refs/heads/" + FEATURE, disk.head());

    cut.importRepository(bare, NAME);

    try (Repository database = repositories.open(NAME)) {
      assertEquals(disk, Snapshot.of(database));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.vibegrapher.git.control.StorageDatabases#all")
  void anImportMissingARefIsDoneAgain(Engine engine) throws Exception {
    assertInterruptedImportRedone(
        engine, () -> deleteRows("git_refs", "ref_name = 'refs/heads/" + FEATURE + "'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.vibegrapher.git.control.StorageDatabases#all")
  void anImportMissingItsPacksIsDoneAgain(Engine engine) throws Exception {
    assertInterruptedImportRedone(engine, () -> deleteRows("git_pack_files", "1 = 1"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.vibegrapher.git.control.StorageDatabases#all")
  void anImportCutOffBeforeHeadLeavesNoRepositoryAndIsDoneAgain(Engine engine) throws Exception {
    assertInterruptedImportRedone(
        engine,
        () -> {
          deleteRows("git_refs", "ref_name = 'HEAD'");
          assertFalse(repositories.exists(NAME));
        });
  }

  /**
   * Imports, damages the database repository as a crash could have left it, puts the directory back
   * where a start finds it, and imports again.
   */
  private void assertInterruptedImportRedone(Engine engine, Damage damage) throws Exception {
    on(engine);
    Path directory = workTreeRepository("triage");
    Snapshot disk = Snapshot.of(directory);
    Path aside = cut.importRepository(directory, NAME).keptAside();
    damage.apply();
    Files.move(aside, directory);

    Imported again = cut.importRepository(directory, NAME);

    assertFalse(again.alreadyImported());
    try (Repository database = repositories.open(NAME)) {
      assertEquals(disk, Snapshot.of(database));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.vibegrapher.git.control.StorageDatabases#all")
  void aSecondRunChangesNothing(Engine engine) throws Exception {
    on(engine);
    Path directory = workTreeRepository("triage");
    Snapshot disk = Snapshot.of(directory);
    Path aside = cut.importRepository(directory, NAME).keptAside();
    List<String> packs = packNames();
    // The process ended after the check and before the move: the directory is still in place.
    copyTree(aside, directory);

    Imported again = cut.importRepository(directory, NAME);

    assertTrue(again.alreadyImported());
    assertEquals(disk.objects().size(), again.objects());
    assertEquals(packs, packNames());
    assertFalse(Files.exists(directory));
    assertTrue(Files.isDirectory(again.keptAside()));
    assertTrue(Files.isDirectory(aside), "the first copy stays too");
    try (Repository database = repositories.open(NAME)) {
      assertEquals(disk, Snapshot.of(database));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.vibegrapher.git.control.StorageDatabases#all")
  void aSourceMissingAnObjectIsRefusedAndLeavesNothing(Engine engine) throws Exception {
    on(engine);
    Path directory = workTreeRepository("triage");
    ObjectId blob;
    try (Git git = Git.open(directory.toFile())) {
      blob = git.getRepository().resolve("refs/heads/" + FEATURE + ":agents.py");
    }
    Files.delete(looseObject(directory, blob));
    // As an earlier attempt could have left it: the failure must not keep it.
    repositories.create(NAME).close();

    DiskImportFailed refused =
        assertThrows(DiskImportFailed.class, () -> cut.importRepository(directory, NAME));

    assertTrue(refused.getMessage().contains("triage"), refused.getMessage());
    assertNotNull(refused.getCause());
    assertNothingStored();
    assertTrue(Files.isDirectory(directory.resolve(".git")), "the directory stays in place");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.vibegrapher.git.control.StorageDatabases#all")
  void aDirectoryThatHoldsNoRepositoryIsRefusedAndStoresNothing(Engine engine) throws Exception {
    on(engine);
    Path directory = Files.createDirectories(data.resolve("projects").resolve("empty"));
    Files.writeString(directory.resolve("agents.py"), "print(1)\n");
    assertFalse(DiskRepositoryImport.holdsRepository(directory));

    DiskImportFailed refused =
        assertThrows(DiskImportFailed.class, () -> cut.importRepository(directory, NAME));

    assertTrue(
        refused.getMessage().contains("Cannot read the repository empty"), refused.getMessage());
    assertNothingStored();
    assertTrue(Files.exists(directory.resolve("agents.py")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.vibegrapher.git.control.StorageDatabases#all")
  void aDirectoryThatIsGoneOrEmptyLeavesAnImportedRepositoryAlone(Engine engine) throws Exception {
    on(engine);
    Path directory = workTreeRepository("triage");
    assertTrue(DiskRepositoryImport.holdsRepository(directory));
    Snapshot disk = Snapshot.of(directory);
    cut.importRepository(directory, NAME);

    assertThrows(DiskImportFailed.class, () -> cut.importRepository(directory, NAME));
    Files.createDirectory(directory); // as claiming a slug for a new project leaves it
    assertThrows(DiskImportFailed.class, () -> cut.importRepository(directory, NAME));

    try (Repository database = repositories.open(NAME)) {
      assertEquals(disk, Snapshot.of(database));
    }
  }

  private void assertNothingStored() throws Exception {
    assertFalse(repositories.exists(NAME));
    assertEquals(0, rows("git_refs"));
    assertEquals(0, rows("git_pack_files"));
  }

  /**
   * A repository as the earlier release made one: a work tree with commits on main, a session
   * branch with commits of its own, merged into main, then one more commit; a lightweight and an
   * annotated tag.
   */
  private Path workTreeRepository(String slug) throws Exception {
    Path directory = data.resolve("projects").resolve(slug);
    try (Git git = Git.init().setDirectory(directory.toFile()).setInitialBranch("main").call()) {
      commit(git, "print('v1')\n", "Initial project setup");
      commit(git, "print('v2')\n", "Second");
      git.tag().setName("v2").setAnnotated(false).call();
      git.branchCreate().setName(FEATURE).call();
      git.checkout().setName(FEATURE).call();
      commit(git, "print('v2')\nretry()\n", "Retry on the session branch");
      commit(git, "print('v2')\nretry(3)\n", "Three retries");
      git.checkout().setName("main").call();
      Files.writeString(directory.resolve("README.md"), "triage\n");
      git.add().addFilepattern("README.md").call();
      git.commit().setMessage("Readme").setAuthor(AUTHOR).setCommitter(AUTHOR).call();
      MergeResult merge =
          git.merge()
              .include(git.getRepository().resolve(FEATURE))
              .setMessage("Merge the session branch")
              .call();
      assertTrue(merge.getMergeStatus().isSuccessful(), merge.toString());
      commit(git, "print('v3')\nretry(3)\n", "After the merge");
      git.tag().setName("release-1").setMessage("First release").setTagger(AUTHOR).call();
    }
    return directory;
  }

  private static void commit(Git git, String content, String message) throws Exception {
    Path file = git.getRepository().getWorkTree().toPath().resolve("agents.py");
    Files.writeString(file, content);
    git.add().addFilepattern("agents.py").call();
    git.commit().setMessage(message).setAuthor(AUTHOR).setCommitter(AUTHOR).call();
  }

  private static RepositoryLocations locationsIn(Path dataDirectory) {
    RepositoryLocations locations = new RepositoryLocations();
    locations.dataDirectory =
        new DataDirectory() {
          @Override
          public Path root() {
            return dataDirectory;
          }
        };
    return locations;
  }

  private static Path looseObject(Path directory, ObjectId id) {
    String name = id.name();
    return directory
        .resolve(".git/objects")
        .resolve(name.substring(0, 2))
        .resolve(name.substring(2));
  }

  private interface Damage {
    void apply() throws Exception;
  }

  private void deleteRows(String table, String condition) throws SQLException {
    String sql = "DELETE FROM " + table + " WHERE repository = ? AND " + condition;
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, NAME);
      assertTrue(statement.executeUpdate() > 0, sql);
    }
  }

  private long rows(String table) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT COUNT(*) FROM " + table + " WHERE repository = ?")) {
      statement.setString(1, NAME);
      try (ResultSet row = statement.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  private List<String> packNames() throws SQLException {
    List<String> names = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT pack_name, extension, state FROM git_pack_files WHERE repository = ?"
                    + " ORDER BY pack_name, extension")) {
      statement.setString(1, NAME);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          names.add(rows.getString(1) + "." + rows.getString(2) + " " + rows.getString(3));
        }
      }
    }
    return names;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        Path copy = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(path, copy);
        }
      }
    }
  }

  /**
   * What a repository holds as a reader sees it: HEAD's branch, every ref's id, the log of every
   * branch, and every object reachable from the refs.
   */
  private record Snapshot(
      String head,
      Map<String, String> refs,
      Map<String, List<String>> logs,
      List<ObjectId> objects) {

    static Snapshot of(Path directory) throws Exception {
      try (Git git = Git.open(directory.toFile())) {
        return of(git.getRepository());
      }
    }

    static Snapshot of(Repository repository) throws Exception {
      Ref head = repository.exactRef(Constants.HEAD);
      Map<String, String> refs = new TreeMap<>();
      Map<String, List<String>> logs = new TreeMap<>();
      List<ObjectId> objects = new ArrayList<>();
      try (Git git = Git.wrap(repository);
          ObjectWalk walk = new ObjectWalk(repository)) {
        for (Ref ref : repository.getRefDatabase().getRefs()) {
          if (ref.getName().equals(Constants.HEAD)) {
            continue;
          }
          refs.put(ref.getName(), ref.getObjectId().name());
          walk.markStart(walk.parseAny(ref.getObjectId()));
          if (ref.getName().startsWith(Constants.R_HEADS)) {
            List<String> log = new ArrayList<>();
            for (RevCommit commit : git.log().add(ref.getObjectId()).call()) {
              log.add(commit.name() + " " + commit.getFullMessage());
            }
            logs.put(ref.getName(), log);
          }
        }
        for (RevObject object = walk.next(); object != null; object = walk.next()) {
          objects.add(object.copy());
        }
        for (RevObject object = walk.nextObject(); object != null; object = walk.nextObject()) {
          objects.add(object.copy());
        }
      }
      objects.sort(ObjectId::compareTo);
      return new Snapshot(head.getTarget().getName(), refs, logs, objects);
    }
  }
}
