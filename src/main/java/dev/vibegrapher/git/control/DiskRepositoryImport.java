package dev.vibegrapher.git.control;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.logging.Logger;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.internal.storage.pack.PackWriter;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.revwalk.ObjectWalk;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.PackParser;

/**
 * Moves a repository of an earlier release, a directory on disk, into the database: every ref,
 * every object reachable from them, and HEAD naming the branch the disk's HEAD names. Then it
 * checks, object for object, that the database has what the disk has, and only then moves the
 * directory into the kept-aside directory ({@link #keptAsideUnder}), where it stays for a rollback
 * until the operator removes it (docs/deployment.md).
 *
 * <p>While the directory is still in place, the database repository of that name is this class's to
 * replace: an import that did not finish (the process ended, or the check failed) is found by the
 * same check at the next start and redone from nothing. HEAD is written last, so an interrupted
 * import leaves no repository that {@link DatabaseRepositories#exists} reports, only rows that the
 * next attempt deletes. Imports of one name must run one at a time, before the repository is
 * served, and outside a transaction: each step then stands alone, and whatever an interruption left
 * is what the next check judges.
 *
 * <p>The pack is copied with JGit's own pack writer and parser (existing deltas reused, every
 * object's id recomputed on arrival), held in memory as the database storage holds packs anyway.
 * Reflogs, the index and the work tree are not copied: the database storage has none of them.
 */
public final class DiskRepositoryImport {

  /**
   * Where imported directories go, beside {@code projects/} rather than inside it: nothing that
   * manages {@code projects/} (the sweep of interrupted deletions, a reset, the scan for what is
   * left to import) has to know about them, and one directory is removed once the upgrade holds.
   */
  public static final String KEPT_ASIDE = "projects-imported";

  private static final Logger LOG = Logger.getLogger(DiskRepositoryImport.class.getName());

  /** What an import did; {@code alreadyImported} when the database had it complete already. */
  public record Imported(
      String name,
      boolean alreadyImported,
      int refs,
      long objects,
      String headBranch,
      Path keptAside) {}

  private final DatabaseRepositories repositories;
  private final Path keptAside;

  /** Imports into these repositories, moving imported directories into {@code keptAside}. */
  public DiskRepositoryImport(DatabaseRepositories repositories, Path keptAside) {
    this.repositories = repositories;
    this.keptAside = keptAside;
  }

  /** The kept-aside directory of a data directory: {@value #KEPT_ASIDE} in it. */
  public static Path keptAsideUnder(Path dataDirectory) {
    return dataDirectory.resolve(KEPT_ASIDE);
  }

  /**
   * Imports the repository in {@code directory} (a work tree with {@code .git}, or bare) as the
   * database repository {@code name}, checks it, and moves the directory aside. A database
   * repository of that name that already checks out equal is kept as it is. Refused with {@link
   * DiskImportFailed}, the directory staying where it was: a directory that holds no readable
   * repository (its refs and HEAD), leaving the database as it is; any later failure, deleting the
   * database repository so that the next attempt starts from nothing.
   *
   * <p>Until the directory has moved, nothing else may write to the database repository {@code
   * name}: the next import would find it different from the directory and replace it.
   */
  public Imported importRepository(Path directory, String name) {
    String label = directory.getFileName() + " (as " + name + ")";
    Imported imported;
    try (Repository source = openSource(directory, label)) {
      RefState state = readSource(source, label);
      try {
        imported = alreadyImported(source, state, name);
        if (imported == null) {
          imported = copyAndCheck(source, state, name);
        }
      } catch (IOException | RuntimeException e) {
        deleteAfterFailure(name, e);
        throw new DiskImportFailed("Could not import the repository " + label, e);
      }
    }
    try {
      imported = withKeptAside(imported, moveAside(directory));
    } catch (IOException e) {
      // The database repository checks out; the next attempt finds it so and moves the directory.
      throw new DiskImportFailed(
          "Imported the repository " + label + " but could not move it into " + KEPT_ASIDE, e);
    }
    log(directory, imported);
    return imported;
  }

  /** Whether the directory holds a git repository, bare or with a work tree, to import. */
  public static boolean holdsRepository(Path directory) {
    return RepositoryCache.FileKey.resolve(directory.toFile(), new NoHooks()) != null;
  }

  private Imported alreadyImported(Repository source, RefState state, String name)
      throws IOException {
    if (!repositories.exists(name)) {
      return null;
    }
    try (DatabaseRepository existing = repositories.open(name)) {
      long objects = check(source, state, existing);
      return new Imported(name, true, state.refs().size(), objects, state.headBranch(), null);
    } catch (IOException e) {
      LOG.warning(
          () -> "Repository " + name + " in the database is incomplete, imported again: " + e);
      return null;
    }
  }

  private Imported copyAndCheck(Repository source, RefState state, String name) throws IOException {
    repositories.delete(name); // rows of an interrupted attempt, which had not written HEAD yet
    try (DatabaseRepository target = repositories.open(name)) {
      copyObjects(source, state, target);
      copyRefs(state, target);
      link(target, Constants.HEAD, state.headBranch());
    }
    try (DatabaseRepository written = repositories.open(name)) {
      long objects = check(source, state, written);
      return new Imported(name, false, state.refs().size(), objects, state.headBranch(), null);
    }
  }

  private static Repository openSource(Path directory, String label) {
    NoHooks fs = new NoHooks();
    File gitDir = RepositoryCache.FileKey.resolve(directory.toFile(), fs);
    try {
      if (gitDir == null) {
        throw new RepositoryNotFoundException(directory.toFile());
      }
      // Read as bare: the work tree and index are of no interest, and no hook ever runs.
      return new FileRepositoryBuilder().setFS(fs).setGitDir(gitDir).setMustExist(true).build();
    } catch (IOException | RuntimeException e) {
      throw unreadable(label, e);
    }
  }

  private static RefState readSource(Repository source, String label) {
    try {
      return RefState.of(source);
    } catch (IOException | RuntimeException e) {
      throw unreadable(label, e);
    }
  }

  private static DiskImportFailed unreadable(String label, Exception e) {
    return new DiskImportFailed(
        "Cannot read the repository " + label + ", the database is left as it is", e);
  }

  private static void copyObjects(Repository source, RefState state, Repository target)
      throws IOException {
    Set<ObjectId> tips = state.tips();
    if (tips.isEmpty()) {
      return;
    }
    ByteArrayOutputStream pack = new ByteArrayOutputStream();
    try (PackWriter writer = new PackWriter(source)) {
      writer.preparePack(NullProgressMonitor.INSTANCE, tips, PackWriter.NONE);
      writer.writePack(NullProgressMonitor.INSTANCE, NullProgressMonitor.INSTANCE, pack);
    }
    try (ObjectInserter inserter = target.newObjectInserter();
        InputStream in = new ByteArrayInputStream(pack.toByteArray())) {
      PackParser parser = inserter.newPackParser(in);
      parser.setAllowThin(false);
      parser.parse(NullProgressMonitor.INSTANCE); // commits the pack: its objects are readable
      inserter.flush();
    }
  }

  private static void copyRefs(RefState state, Repository target) throws IOException {
    // Plain refs first, so that a symbolic one links to a ref that exists.
    List<RefValue> refs = new ArrayList<>(state.refs().values());
    refs.sort(Comparator.comparing(RefValue::isSymbolic));
    for (RefValue ref : refs) {
      if (ref.isSymbolic()) {
        link(target, ref.name(), ref.target());
        continue;
      }
      RefUpdate update = target.updateRef(ref.name());
      update.setNewObjectId(ObjectId.fromString(ref.id()));
      update.setExpectedOldObjectId(ObjectId.zeroId());
      expectNew(ref.name(), update.update());
    }
  }

  private static void link(Repository target, String name, String to) throws IOException {
    expectNew(name, target.updateRef(name, true).link(to));
  }

  private static void expectNew(String ref, RefUpdate.Result result) throws IOException {
    if (result != RefUpdate.Result.NEW) {
      throw new IOException("Could not write " + ref + ": " + result);
    }
  }

  /**
   * Throws unless the database has HEAD on the same branch, exactly the source's refs with the same
   * values, and every object reachable from them with the same type and size; returns how many
   * objects that is. Equal ids with equal types mean equal content: the parser hashed every object
   * it stored.
   */
  private static long check(Repository source, RefState expected, DatabaseRepository target)
      throws IOException {
    RefState actual = RefState.of(target);
    if (!expected.headBranch().equals(actual.headBranch())) {
      throw new IOException(
          "HEAD names " + actual.headBranch() + ", the disk's " + expected.headBranch());
    }
    if (!expected.refs().equals(actual.refs())) {
      throw new IOException("Refs differ: " + actual.refs().values());
    }
    long objects = 0;
    try (ObjectWalk walk = new ObjectWalk(source);
        ObjectReader targetReader = target.newObjectReader()) {
      for (ObjectId tip : expected.tips()) {
        walk.markStart(walk.parseAny(tip));
      }
      ObjectReader sourceReader = walk.getObjectReader();
      for (RevObject object = walk.next(); object != null; object = walk.next()) {
        checkObject(object, sourceReader, targetReader);
        objects++;
      }
      for (RevObject object = walk.nextObject(); object != null; object = walk.nextObject()) {
        checkObject(object, sourceReader, targetReader);
        objects++;
      }
    }
    return objects;
  }

  private static void checkObject(RevObject object, ObjectReader source, ObjectReader target)
      throws IOException {
    int type = object.getType();
    ObjectLoader copy = target.open(object); // MissingObjectException when absent
    if (copy.getType() != type || copy.getSize() != source.getObjectSize(object, type)) {
      throw new IOException(
          "Object " + object.name() + " differs: type " + copy.getType() + " for " + type);
    }
  }

  private void deleteAfterFailure(String name, Exception failure) {
    try {
      repositories.delete(name);
    } catch (IOException | RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  private Path moveAside(Path directory) throws IOException {
    Files.createDirectories(keptAside);
    Path aside = keptAside.resolve(directory.getFileName());
    if (Files.exists(aside)) {
      // Imported once before, and put back by hand for a rollback: both copies stay.
      aside = keptAside.resolve(directory.getFileName() + "-" + System.currentTimeMillis());
    }
    return Files.move(directory, aside, StandardCopyOption.ATOMIC_MOVE);
  }

  private static Imported withKeptAside(Imported imported, Path aside) {
    return new Imported(
        imported.name(),
        imported.alreadyImported(),
        imported.refs(),
        imported.objects(),
        imported.headBranch(),
        aside);
  }

  private void log(Path directory, Imported imported) {
    LOG.info(
        () ->
            (imported.alreadyImported() ? "Found already imported" : "Imported")
                + " the repository "
                + directory.getFileName()
                + " as "
                + imported.name()
                + ": "
                + imported.refs()
                + " refs, "
                + imported.objects()
                + " objects, HEAD on "
                + imported.headBranch()
                + "; the directory is kept in "
                + KEPT_ASIDE
                + "/"
                + imported.keptAside().getFileName());
  }

  /** A ref as both sides are compared: its id, or for a symbolic ref the ref it names. */
  private record RefValue(String name, String id, String target) {
    static RefValue of(Ref ref) {
      ObjectId id = ref.getObjectId();
      return ref.isSymbolic()
          ? new RefValue(ref.getName(), null, ref.getTarget().getName())
          : new RefValue(ref.getName(), id == null ? null : id.name(), null);
    }

    boolean isSymbolic() {
      return target != null;
    }
  }

  /** The branch HEAD names and every other ref, by name. */
  private record RefState(String headBranch, TreeMap<String, RefValue> refs) {
    static RefState of(Repository repository) throws IOException {
      Ref head = repository.exactRef(Constants.HEAD);
      if (head == null || !head.isSymbolic()) {
        throw new IOException(
            head == null ? "The repository has no HEAD" : "HEAD names no branch (detached)");
      }
      TreeMap<String, RefValue> refs = new TreeMap<>();
      for (Ref ref : repository.getRefDatabase().getRefs()) {
        if (!ref.getName().equals(Constants.HEAD)) {
          refs.put(ref.getName(), RefValue.of(ref));
        }
      }
      return new RefState(head.getTarget().getName(), refs);
    }

    Set<ObjectId> tips() {
      Set<ObjectId> tips = new HashSet<>();
      for (RefValue ref : refs.values()) {
        if (!ref.isSymbolic() && ref.id() != null) {
          tips.add(ObjectId.fromString(ref.id()));
        }
      }
      return tips;
    }
  }
}
