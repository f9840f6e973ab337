package dev.vibegrapher.git.control;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.jgit.internal.storage.dfs.DfsObjDatabase;
import org.eclipse.jgit.internal.storage.dfs.DfsOutputStream;
import org.eclipse.jgit.internal.storage.dfs.DfsPackDescription;
import org.eclipse.jgit.internal.storage.dfs.DfsPackFile;
import org.eclipse.jgit.internal.storage.dfs.DfsReaderOptions;
import org.eclipse.jgit.internal.storage.dfs.ReadableChannel;
import org.eclipse.jgit.internal.storage.pack.PackExt;

/**
 * A {@link DatabaseRepository}'s objects: its packs, each file of a pack one row of {@code
 * git_pack_files}. A pack's files are written as rows in state {@code written}, invisible to
 * readers, and become {@code live} when JGit commits the pack. Packs are never changed once
 * written, so their names (random, never reused) are safe keys for JGit's process-wide block cache.
 *
 * <p>Committing, which for a compaction also hides the packs it replaces, is one UPDATE, atomic
 * with or without a surrounding transaction (see {@link DatabaseRepository} for why no statement
 * here commits). Replaced packs are hidden at once but their rows deleted only {@link
 * #REPLACED_KEPT} later, by a later commit of the same repository, so that a reader on another
 * instance that listed them just before can still read them. Rows of packs written and never
 * committed (an instance that died in between) are deleted after {@link #ABANDONED_AFTER}.
 */
public final class DatabaseObjectDatabase extends DfsObjDatabase {

  static final Duration REPLACED_KEPT = Duration.ofMinutes(10);
  static final Duration ABANDONED_AFTER = Duration.ofDays(1);

  private static final Logger LOG = Logger.getLogger(DatabaseObjectDatabase.class.getName());

  private final DataSource dataSource;
  private final String repository;
  private final Clock clock;

  DatabaseObjectDatabase(
      DatabaseRepository owner, DataSource dataSource, String repository, Clock clock) {
    super(owner, new DfsReaderOptions());
    this.dataSource = dataSource;
    this.repository = repository;
    this.clock = clock;
  }

  @Override
  protected DfsPackDescription newPack(PackSource source) {
    String name = "pack-" + UUID.randomUUID() + "-" + source.name();
    return new DfsPackDescription(getRepository().getDescription(), name, source);
  }

  @Override
  protected DfsOutputStream writeFile(DfsPackDescription pack, PackExt ext) {
    return new PackFileOutput(
        dataSource, repository, pack.getPackName(), ext, pack.getPackSource(), now());
  }

  @Override
  protected ReadableChannel openFile(DfsPackDescription pack, PackExt ext) throws IOException {
    return PackFileChannel.open(
        dataSource, repository, pack.getPackName(), ext, pack.getFileSize(ext));
  }

  @Override
  protected List<DfsPackDescription> listPacks() throws IOException {
    String sql =
        "SELECT pack_name, extension, pack_source, object_count, changed_at, OCTET_LENGTH(bytes)"
            + " FROM git_pack_files WHERE repository = ? AND state = 'live'";
    Map<String, DfsPackDescription> packs = new LinkedHashMap<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, repository);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          PackExt ext = PackFileOutput.extension(rows.getString(2));
          if (ext == null) {
            continue; // a kind of file a later JGit wrote: this version cannot use it
          }
          DfsPackDescription pack = packs.get(rows.getString(1));
          if (pack == null) {
            pack =
                new DfsPackDescription(
                    getRepository().getDescription(),
                    rows.getString(1),
                    PackSource.valueOf(rows.getString(3)));
            pack.setObjectCount(rows.getLong(4));
            pack.setLastModified(
                rows.getObject(5, OffsetDateTime.class).toInstant().toEpochMilli());
            packs.put(pack.getPackName(), pack);
          }
          pack.addFileExt(ext);
          pack.setFileSize(ext, rows.getLong(6));
        }
      }
    } catch (SQLException e) {
      throw new IOException("Listing the packs of repository " + repository + " failed", e);
    }
    return new ArrayList<>(packs.values());
  }

  @Override
  protected void commitPackImpl(
      Collection<DfsPackDescription> added, Collection<DfsPackDescription> replaced)
      throws IOException {
    List<DfsPackDescription> hidden = replaced == null ? List.of() : List.copyOf(replaced);
    if (!added.isEmpty() || !hidden.isEmpty()) {
      OffsetDateTime now = now();
      try (Connection connection = dataSource.getConnection()) {
        switchVisibility(connection, List.copyOf(added), hidden, now);
        deleteExpired(connection, now);
      } catch (SQLException e) {
        throw new IOException("Committing packs of repository " + repository + " failed", e);
      }
    }
    clearCache();
  }

  /** One statement: new packs become live and the packs they replace hidden, or neither. */
  private void switchVisibility(
      Connection connection,
      List<DfsPackDescription> added,
      List<DfsPackDescription> hidden,
      OffsetDateTime now)
      throws SQLException {
    StringBuilder state = new StringBuilder("'replaced'");
    StringBuilder counts = new StringBuilder("object_count");
    if (!added.isEmpty()) {
      state.setLength(0);
      state.append("CASE WHEN pack_name IN (").append(placeholders(added.size()));
      state.append(") THEN 'live' ELSE 'replaced' END");
      counts.setLength(0);
      counts.append("CASE pack_name");
      added.forEach(pack -> counts.append(" WHEN ? THEN ?"));
      counts.append(" ELSE object_count END");
    }
    String sql =
        "UPDATE git_pack_files SET state = "
            + state
            + ", object_count = "
            + counts
            + ", changed_at = ? WHERE repository = ? AND pack_name IN ("
            + placeholders(added.size() + hidden.size())
            + ")";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      int i = 1;
      for (DfsPackDescription pack : added) {
        statement.setString(i++, pack.getPackName());
      }
      for (DfsPackDescription pack : added) {
        statement.setString(i++, pack.getPackName());
        statement.setLong(i++, pack.getObjectCount());
      }
      statement.setObject(i++, now);
      statement.setString(i++, repository);
      for (DfsPackDescription pack : added) {
        statement.setString(i++, pack.getPackName());
      }
      for (DfsPackDescription pack : hidden) {
        statement.setString(i++, pack.getPackName());
      }
      statement.executeUpdate();
    }
  }

  /** Visible to no reader either way, so deleting them is no step that needs atomicity. */
  private void deleteExpired(Connection connection, OffsetDateTime now) throws SQLException {
    String sql =
        "DELETE FROM git_pack_files WHERE repository = ? AND ((state = 'replaced'"
            + " AND changed_at < ?) OR (state = 'written' AND changed_at < ?))";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, repository);
      statement.setObject(2, now.minus(REPLACED_KEPT));
      statement.setObject(3, now.minus(ABANDONED_AFTER));
      statement.executeUpdate();
    }
  }

  @Override
  protected void rollbackPack(Collection<DfsPackDescription> packs) {
    if (packs.isEmpty()) {
      return;
    }
    String sql =
        "DELETE FROM git_pack_files WHERE repository = ? AND state = 'written' AND pack_name IN ("
            + placeholders(packs.size())
            + ")";
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, repository);
      int i = 2;
      for (DfsPackDescription pack : packs) {
        statement.setString(i++, pack.getPackName());
      }
      statement.executeUpdate();
    } catch (SQLException e) {
      // JGit gives rollbackPack no way to fail; the rows are invisible and the sweep of abandoned
      // packs deletes them later.
      LOG.log(Level.WARNING, "Rows of unused packs of " + repository + " stay for now", e);
    }
  }

  @Override
  public long getApproximateObjectCount() {
    long count = 0;
    for (DfsPackFile pack : getCurrentPacks()) {
      count += pack.getPackDescription().getObjectCount();
    }
    return count;
  }

  private OffsetDateTime now() {
    return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
  }

  static String placeholders(int count) {
    return String.join(", ", Collections.nCopies(count, "?"));
  }
}
