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
import java.nio.file.attribute.BasicFileAttributes;
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
 * Writes a new repository with one committed file straight to disk: the layout {@code git init}
 * makes, the file in the work tree, the commit's objects as loose objects, the index, the reflogs
 * and last the branch. Until the branch exists nothing refers to the objects, and nobody else knows
 * the directory yet, so none of the locks, temporary files, existence checks and configuration
 * reads of JGit's porcelain are needed: it took four times as long (docs/benchmarks.md). JGit still
 * formats every object and the index.
 */
final class InitialCommit {

  private static final String CONFIG =
      "[core]\n\trepositoryformatversion = 0\n\tfilemode = %s\n\tbare = false\n\tlogallrefupdates = true\n";
  // What git init makes, parents first (one mkdir each), and the reflogs' directories.
  private static final List<String> LAYOUT =
      List.of(
          "",
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
    Path git = directory.resolve(Constants.DOT_GIT);
    Path objects = git.resolve(Constants.OBJECTS);
    for (String made : LAYOUT) {
      Files.createDirectory(git.resolve(made));
    }
    Files.writeString(
        git.resolve(Constants.CONFIG), CONFIG.formatted(FS.DETECTED.supportsExecute()));
    Files.writeString(git.resolve(Constants.HEAD), "ref: " + Constants.R_HEADS + branch + "\n");

    Path file = directory.resolve(filename);
    if (file.getParent() != null && !file.getParent().equals(directory)) {
      Files.createDirectories(file.getParent());
    }
    Files.write(file, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    BasicFileAttributes written = Files.readAttributes(file, BasicFileAttributes.class);

    DirCacheEntry entry = new DirCacheEntry(filename);
    entry.setFileMode(FileMode.REGULAR_FILE);
    entry.setLength(written.size());
    entry.setLastModified(written.lastModifiedTime().toInstant());
    ObjectId commit;
    try (LooseObjects inserter = new LooseObjects(objects)) {
      entry.setObjectId(inserter.insert(Constants.OBJ_BLOB, content));
      DirCache index = new DirCache(git.resolve("index").toFile(), FS.DETECTED);
      if (!index.lock()) {
        throw new IOException(
            "The index of the new repository " + directory.getFileName() + " is locked");
      }
      try {
        DirCacheBuilder builder = index.builder();
        builder.add(entry);
        builder.finish();
        CommitBuilder builderOfCommit = new CommitBuilder();
        builderOfCommit.setTreeId(index.writeTree(inserter));
        builderOfCommit.setAuthor(author);
        builderOfCommit.setCommitter(author);
        builderOfCommit.setMessage(message);
        commit = inserter.insert(builderOfCommit);
        // JGit smudges the entry here if the file is as new as the index ("racily clean").
        index.write();
        if (!index.commit()) {
          throw new IOException(
              "Could not write the index of the new repository " + directory.getFileName());
        }
      } finally {
        index.unlock();
      }
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
    Path logs = git.resolve(Constants.LOGS);
    Files.writeString(logs.resolve(Constants.HEAD), reflog);
    Files.writeString(logs.resolve(Constants.R_HEADS + branch), reflog);
    // Last: from here on the repository has its commit.
    Files.writeString(git.resolve(Constants.R_HEADS + branch), commit.name() + "\n");
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
