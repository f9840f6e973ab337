package dev.vibegrapher.git.control;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
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
import org.eclipse.jgit.transport.PackParser;
import org.eclipse.jgit.util.FS;

/**
 * Writes a new bare repository with one committed file straight to disk: the layout {@code git init
 * --bare} makes, the commit's objects as loose objects, the reflogs and last the branch. Bare,
 * because every operation works in git's objects alone ({@link GitRepositories}): a work tree would
 * only go stale. Until the branch exists nothing refers to the objects, and nobody else knows the
 * directory yet, so none of the locks, temporary files, existence checks and configuration reads of
 * JGit's porcelain are needed: it took four times as long (docs/benchmarks.md). JGit still formats
 * every object.
 */
final class InitialCommit {

  private static final String CONFIG =
      "[core]\n\trepositoryformatversion = 0\n\tfilemode = %s\n\tbare = true\n\tlogallrefupdates = true\n";
  // What git init --bare makes in the claimed directory, parents first (one mkdir each), and the
  // reflogs' directories (a bare repository keeps reflogs only when asked, as the config does).
  private static final List<String> LAYOUT =
      List.of(
          "objects",
          "objects/info",
          "objects/pack",
          "refs",
          "refs/heads",
          "refs/tags",
          "logs",
          "logs/refs",
          "logs/refs/heads");
  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  private static final Set<StandardOpenOption> CREATE_NEW =
      Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
  // Loose objects are read-only, as git and JGit write them.
  private static final FileAttribute<?>[] READ_ONLY =
      POSIX
          ? new FileAttribute<?>[] {
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("r--r--r--"))
          }
          : new FileAttribute<?>[0];

  private InitialCommit() {}

  /**
   * Writes the repository into {@code directory}, which exists and is empty; returns the commit.
   */
  static ObjectId write(
      Path directory,
      String branch,
      String filename,
      byte[] content,
      PersonIdent author,
      String message)
      throws IOException {
    for (String made : LAYOUT) {
      Files.createDirectory(directory.resolve(made));
    }
    Files.writeString(
        directory.resolve(Constants.CONFIG), CONFIG.formatted(FS.DETECTED.supportsExecute()));
    Files.writeString(
        directory.resolve(Constants.HEAD), "ref: " + Constants.R_HEADS + branch + "\n");

    ObjectId commit;
    try (LooseObjects inserter = new LooseObjects(directory.resolve(Constants.OBJECTS))) {
      DirCacheEntry entry = new DirCacheEntry(filename);
      entry.setFileMode(FileMode.REGULAR_FILE);
      entry.setObjectId(inserter.insert(Constants.OBJ_BLOB, content));
      // An index in memory only: what makes the tree, with its subtrees, for a nested path.
      DirCache tree = DirCache.newInCore();
      DirCacheBuilder builder = tree.builder();
      builder.add(entry);
      builder.finish();
      CommitBuilder builderOfCommit = new CommitBuilder();
      builderOfCommit.setTreeId(tree.writeTree(inserter));
      builderOfCommit.setAuthor(author);
      builderOfCommit.setCommitter(author);
      builderOfCommit.setMessage(message);
      commit = inserter.insert(builderOfCommit);
    }

    String reflog =
        ObjectId.zeroId().name()
            + " "
            + commit.name()
            + " "
            + author.toExternalString()
            + "\tcommit (initial): "
            + message.lines().findFirst().orElse("")
            + "\n";
    Path logs = directory.resolve(Constants.LOGS);
    Files.writeString(logs.resolve(Constants.HEAD), reflog);
    Files.writeString(logs.resolve(Constants.R_HEADS + branch), reflog);
    // Last: from here on the repository has its commit.
    Files.writeString(directory.resolve(Constants.R_HEADS + branch), commit.name() + "\n");
    return commit;
  }

  /**
   * An inserter that writes each object as a loose object file, with no temporary file or lookup
   * first.
   */
  private static final class LooseObjects extends ObjectInserter {

    private final Path objects;
    private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);

    LooseObjects(Path objects) {
      this.objects = objects;
    }

    @Override
    public ObjectId insert(int type, byte[] data, int offset, int length) throws IOException {
      ObjectId id = idFor(type, data, offset, length);
      String name = id.name();
      Path fanOut = Files.createDirectories(objects.resolve(name.substring(0, 2)));
      ByteArrayOutputStream compressed = new ByteArrayOutputStream(length / 2 + 64);
      deflater.reset();
      try (DeflaterOutputStream out = new DeflaterOutputStream(compressed, deflater, 8192)) {
        out.write(Constants.encodedTypeString(type));
        out.write(' ');
        out.write(Constants.encodeASCII(length));
        out.write(0);
        out.write(data, offset, length);
      }
      try (SeekableByteChannel file =
          Files.newByteChannel(fanOut.resolve(name.substring(2)), CREATE_NEW, READ_ONLY)) {
        ByteBuffer bytes = ByteBuffer.wrap(compressed.toByteArray());
        while (bytes.hasRemaining()) {
          file.write(bytes);
        }
      } catch (FileAlreadyExistsException sameContent) {
        // Two objects with the same id have the same content.
      }
      return id;
    }

    @Override
    public ObjectId insert(int type, long length, InputStream in) throws IOException {
      byte[] data = in.readNBytes(Math.toIntExact(length));
      if (data.length != length) {
        throw new IOException("Object shorter than its declared length");
      }
      return insert(type, data, 0, data.length);
    }

    @Override
    public PackParser newPackParser(InputStream in) {
      throw new UnsupportedOperationException("A new repository is written as loose objects");
    }

    @Override
    public ObjectReader newReader() {
      throw new UnsupportedOperationException("A new repository is written, not read");
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
      deflater.end();
    }
  }
}
