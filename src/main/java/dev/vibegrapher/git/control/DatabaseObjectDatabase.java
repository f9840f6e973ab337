package dev.vibegrapher.git.control;

import dev.vibegrapher.git.control.PackFileOutput.WrittenFile;
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
import java.util.HashMap;
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
 * git_pack_files}. A pack's files stay in memory until JGit commits the pack (every writer commits
 * right after writing), and are then stored together in one statement. Packs are never changed once
 * stored, so their names (random, never reused) are safe keys for JGit's process-wide block cache.
 *
 * <p>Committing is atomic with or without a surrounding transaction (see {@link DatabaseRepository}
 * for why no statement here commits): a commit that only adds packs, as each git commit does,
 * inserts their files as {@code live} rows in one INSERT; a compaction, which also hides the packs
 * it replaces, inserts its files in state {@code written}, invisible to readers, and then makes
 * them {@code live} and the replaced ones {@code replaced} in one UPDATE. Replaced packs are hidden
 * at once but their rows deleted only {@link #REPLACED_KEPT} later, by a later commit of the same
 * repository, so that a reader on another instance that listed them before, even for a slow clone,
 * can still read them. Rows of packs written and never made live (an instance that died in between)
 * are deleted after {@link #ABANDONED_AFTER}.
 */
public final class DatabaseObjectDatabase extends DfsObjDatabase {

  static final Duration REPLACED_KEPT = Duration.ofDays(1);
  static final Duration ABANDONED_AFTER = Duration.ofDays(1);

  private static final Logger LOG = Logger.getLogger(DatabaseObjectDatabase.class.getName());

  private final DataSource dataSource;
  private final String repository;
  private final Clock clock;

  /** Files of packs written and not committed yet, by pack name. */
  private final Map<String, List<WrittenFile>> pending = new HashMap<>();

  /**
   * This view made the repository: it has no packs yet (the first listing needs no query) and no
   * rows a sweep could find.
   */
  private boolean madeHere;

  private boolean listedOnce;

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

  /** Called once this view has made the repository, before anything is written to it. */
  void madeHere() {
    madeHere = true;
  }

  @Override
  protected DfsOutputStream writeFile(DfsPackDescription pack, PackExt ext) {
    return new PackFileOutput(pack.getPackName(), ext, this::written);
  }

  private synchronized void written(WrittenFile file) {
    pending.computeIfAbsent(file.packName(), name -> new ArrayList<>()).add(file);
  }

  private synchronized List<WrittenFile> takePending(DfsPackDescription pack) throws IOException {
    List<WrittenFile> files = pending.remove(pack.getPackName());
    if (files == null) {
      throw new IOException("No file of " + pack.getPackName() + " was written in this view");
    }
    return files;
  }

  @Override
  protected ReadableChannel openFile(DfsPackDescription pack, PackExt ext) throws IOException {
    return PackFileChannel.open(
        dataSource, repository, pack.getPackName(), ext, pack.getFileSize(ext));
  }

  @Override
  protected List<DfsPackDescription> listPacks() throws IOException {
    if (madeHere && !listedOnce) {
      listedOnce = true;
      return new ArrayList<>();
    }
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
    if (added.isEmpty() && hidden.isEmpty()) {
      return;
    }
    List<DfsPackDescription> shown = List.copyOf(added);
    List<StoredFile> files = new ArrayList<>();
    for (DfsPackDescription pack : shown) {
      takePending(pack).forEach(file -> files.add(new StoredFile(pack, file)));
    }
    OffsetDateTime now = now();
    try (Connection connection = dataSource.getConnection()) {
      if (hidden.isEmpty()) {
        insert(connection, files, "live", now);
      } else {
        insert(connection, files, "written", now);
        switchVisibility(connection, shown, hidden, now);
      }
      if (!madeHere) {
        deleteExpired(connection, now);
      }
    } catch (SQLException e) {
      throw new IOException("Committing packs of repository " + repository + " failed", e);
    }
    // Added packs alone leave every listed pack valid, and JGit's writers add theirs to the list
    // themselves (no listing query); hidden ones must leave it.
    if (!hidden.isEmpty()) {
      clearCache();
    }
  }

  private record StoredFile(DfsPackDescription pack, WrittenFile file) {}

  /** All files of the packs in one statement: a pack is never visible without its index. */
  private void insert(
      Connection connection, List<StoredFile> files, String state, OffsetDateTime now)
      throws SQLException {
    if (files.isEmpty()) {
      return;
    }
    String sql =
        "INSERT INTO git_pack_files (repository, pack_name, extension, pack_source, state,"
            + " object_count, changed_at, bytes) VALUES "
            + String.join(", ", Collections.nCopies(files.size(), "(?, ?, ?, ?, ?, ?, ?, ?)"));
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      int i = 1;
      for (StoredFile stored : files) {
        statement.setString(i++, repository);
        statement.setString(i++, stored.file().packName());
        statement.setString(i++, stored.file().ext().getExtension());
        statement.setString(i++, stored.pack().getPackSource().name());
        statement.setString(i++, state);
        statement.setLong(i++, stored.pack().getObjectCount());
        statement.setObject(i++, now);
        statement.setBytes(i++, stored.file().bytes());
      }
      statement.executeUpdate();
    }
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
    synchronized (this) {
      packs.forEach(pack -> pending.remove(pack.getPackName()));
    }
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
      // Only a compaction whose switch of visibility failed leaves rows (its files are stored
      // before they become live). JGit gives rollbackPack no way to fail; the rows are invisible
      // and the sweep of abandoned packs deletes them later.
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
