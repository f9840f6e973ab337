package dev.vibegrapher.git.control;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.eclipse.jgit.internal.storage.dfs.ReadableChannel;
import org.eclipse.jgit.internal.storage.pack.PackExt;

/**
 * Reads one stored pack file by ranges: JGit's block cache asks for one block (64 KiB by default)
 * at a time and keeps it, process-wide, so each block is fetched once with a SUBSTRING of the row's
 * bytes rather than the whole file per block. (On PostgreSQL a compressed TOAST value is still
 * decompressed whole for each range; pack data hardly compresses, so little is stored compressed.)
 */
final class PackFileChannel implements ReadableChannel {

  private final DataSource dataSource;
  private final String repository;
  private final String packName;
  private final PackExt ext;
  private final long size;
  private long position;
  private boolean open = true;

  private PackFileChannel(
      DataSource dataSource, String repository, String packName, PackExt ext, long size) {
    this.dataSource = dataSource;
    this.repository = repository;
    this.packName = packName;
    this.ext = ext;
    this.size = size;
  }

  /** The file's size when the caller knows it (listed packs do), else it is looked up. */
  static PackFileChannel open(
      DataSource dataSource, String repository, String packName, PackExt ext, long knownSize)
      throws IOException {
    long size = knownSize > 0 ? knownSize : lookUpSize(dataSource, repository, packName, ext);
    return new PackFileChannel(dataSource, repository, packName, ext, size);
  }

  private static long lookUpSize(
      DataSource dataSource, String repository, String packName, PackExt ext) throws IOException {
    String sql =
        "SELECT OCTET_LENGTH(bytes) FROM git_pack_files"
            + " WHERE repository = ? AND pack_name = ? AND extension = ?";
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, repository);
      statement.setString(2, packName);
      statement.setString(3, ext.getExtension());
      try (ResultSet row = statement.executeQuery()) {
        if (!row.next()) {
          throw new FileNotFoundException(repository + "/" + packName + "." + ext.getExtension());
        }
        return row.getLong(1);
      }
    } catch (SQLException e) {
      throw new IOException("Reading " + packName + " of " + repository + " failed", e);
    }
  }

  @Override
  public int read(ByteBuffer target) throws IOException {
    int length = (int) Math.min(target.remaining(), size - position);
    if (length <= 0) {
      return -1;
    }
    byte[] bytes = readRange(position, length);
    target.put(bytes);
    position += bytes.length;
    return bytes.length;
  }

  private byte[] readRange(long from, int length) throws IOException {
    String sql =
        "SELECT SUBSTRING(bytes FROM ? FOR ?) FROM git_pack_files"
            + " WHERE repository = ? AND pack_name = ? AND extension = ?";
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setInt(1, Math.toIntExact(from + 1));
      statement.setInt(2, length);
      statement.setString(3, repository);
      statement.setString(4, packName);
      statement.setString(5, ext.getExtension());
      try (ResultSet row = statement.executeQuery()) {
        if (!row.next()) {
          throw new FileNotFoundException(repository + "/" + packName + "." + ext.getExtension());
        }
        return row.getBytes(1);
      }
    } catch (SQLException e) {
      throw new IOException("Reading " + packName + " of " + repository + " failed", e);
    }
  }

  @Override
  public long position() {
    return position;
  }

  @Override
  public void position(long newPosition) {
    position = newPosition;
  }

  @Override
  public long size() {
    return size;
  }

  /** None of its own: the block cache's size is a fine unit for a range query. */
  @Override
  public int blockSize() {
    return 0;
  }

  @Override
  public void setReadAheadBytes(int bytes) {
    // Each read fetches exactly what was asked for; there is no stream to read ahead on.
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void close() {
    open = false;
  }
}
