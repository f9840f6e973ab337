package dev.vibegrapher.git.control;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.eclipse.jgit.internal.storage.dfs.DfsOutputStream;
import org.eclipse.jgit.internal.storage.pack.PackExt;

/**
 * One file of a new pack, kept in memory while JGit writes it (JGit reads back what it wrote before
 * the file is complete) and handed over whole when closed, as a {@link WrittenFile}: the object
 * database stores the files of a pack together when JGit commits the pack, in one statement. Only
 * whole: JGit may flush a file half written, and a row is never changed afterwards. The projects'
 * packs are small; a pack too large to hold in memory would need a streaming insert.
 */
final class PackFileOutput extends DfsOutputStream {

  /** A complete file of a pack, not stored yet. */
  record WrittenFile(String packName, PackExt ext, byte[] bytes) {}

  private final String packName;
  private final PackExt ext;
  private final Consumer<WrittenFile> written;
  private final Buffer buffer = new Buffer();
  private boolean closed;

  PackFileOutput(String packName, PackExt ext, Consumer<WrittenFile> written) {
    this.packName = packName;
    this.ext = ext;
    this.written = written;
  }

  /** The extension a row names, or null for one this JGit does not know. */
  static PackExt extension(String name) {
    for (PackExt ext : PackExt.values()) {
      if (ext.getExtension().equals(name)) {
        return ext;
      }
    }
    return null;
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    if (closed) {
      throw new IOException(packName + "." + ext.getExtension() + " is already complete");
    }
    buffer.write(bytes, offset, length);
  }

  @Override
  public int read(long position, ByteBuffer target) {
    return buffer.read(position, target);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    written.accept(new WrittenFile(packName, ext, buffer.toByteArray()));
  }

  /** A byte array output stream that reads back from its own array, without copying it. */
  private static final class Buffer extends ByteArrayOutputStream {
    int read(long position, ByteBuffer target) {
      if (position >= count) {
        return -1;
      }
      int n = (int) Math.min(target.remaining(), count - position);
      target.put(buf, (int) position, n);
      return n;
    }
  }
}
