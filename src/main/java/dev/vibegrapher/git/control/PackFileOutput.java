package dev.vibegrapher.git.control;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import javax.sql.DataSource;
import org.eclipse.jgit.internal.storage.dfs.DfsObjDatabase.PackSource;
import org.eclipse.jgit.internal.storage.dfs.DfsOutputStream;
import org.eclipse.jgit.internal.storage.pack.PackExt;

/**
 * One file of a new pack, kept in memory while JGit writes it (JGit reads back what it wrote before
 * the file is complete) and inserted as one row, in state {@code written}, when closed. Only on
 * close: JGit may flush a file half written, and a row is never changed afterwards. The projects'
 * packs are small; a pack too large to hold in memory would need a streaming insert.
 */
final class PackFileOutput extends DfsOutputStream {

  private final DataSource dataSource;
  private final String repository;
  private final String packName;
  private final PackExt ext;
  private final PackSource source;
  private final OffsetDateTime writtenAt;
  private final Buffer buffer = new Buffer();
  private boolean closed;

  PackFileOutput(
      DataSource dataSource,
      String repository,
      String packName,
      PackExt ext,
      PackSource source,
      OffsetDateTime writtenAt) {
    this.dataSource = dataSource;
    this.repository = repository;
    this.packName = packName;
    this.ext = ext;
    this.source = source;
    this.writtenAt = writtenAt;
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
      throw new IOException(packName + "." + ext.getExtension() + " is already stored");
    }
    buffer.write(bytes, offset, length);
  }

  @Override
  public int read(long position, ByteBuffer target) {
    return buffer.read(position, target);
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    String sql =
        "INSERT INTO git_pack_files (repository, pack_name, extension, pack_source, state,"
            + " object_count, changed_at, bytes) VALUES (?, ?, ?, ?, 'written', 0, ?, ?)";
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, repository);
      statement.setString(2, packName);
      statement.setString(3, ext.getExtension());
      statement.setString(4, source.name());
      statement.setObject(5, writtenAt);
      statement.setBytes(6, buffer.toByteArray());
      statement.executeUpdate();
    } catch (SQLException e) {
      throw new IOException(
          "Storing " + packName + "." + ext.getExtension() + " of " + repository + " failed", e);
    }
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
