package dev.vibegrapher.git.control;

import dev.vibegrapher.git.entity.HeadState;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.eclipse.jgit.internal.storage.dfs.DfsGarbageCollector;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;

/**
 * The git repositories kept in the database, by name: opening, creating, listing, deleting and
 * compacting them. A repository exists while its HEAD row does; HEAD is written first when it is
 * made and deleted first when it goes. Each method takes its connections from the data source as
 * {@link DatabaseRepository} explains, so it joins the caller's transaction when there is one.
 */
public final class DatabaseRepositories {

  private final DataSource dataSource;
  private final Clock clock;

  public DatabaseRepositories(DataSource dataSource) {
    this(dataSource, Clock.systemUTC());
  }

  DatabaseRepositories(DataSource dataSource, Clock clock) {
    this.dataSource = dataSource;
    this.clock = clock;
  }

  /**
   * A new view of the named repository, reading nothing yet; whether it exists is {@link #exists}'s
   * to say. Use one for one piece of work (see {@link DatabaseRepository}) and close it.
   */
  public DatabaseRepository open(String name) throws IOException {
    return DatabaseRepository.open(dataSource, clock, name);
  }

  /**
   * Makes an empty repository whose HEAD names {@code refs/heads/main}, which has no commit yet. Of
   * two creations of one name, exactly one succeeds; the other is refused as existing.
   */
  public DatabaseRepository create(String name) throws IOException {
    DatabaseRepository repository = open(name);
    try {
      repository.create(true);
      return repository;
    } catch (IOException e) {
      repository.close();
      throw e;
    }
  }

  public boolean exists(String name) throws IOException {
    String sql = "SELECT 1 FROM git_refs WHERE repository = ? AND ref_name = ?";
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, name);
      statement.setString(2, Constants.HEAD);
      try (ResultSet row = statement.executeQuery()) {
        return row.next();
      }
    } catch (SQLException e) {
      throw new IOException("Looking for repository " + name + " failed", e);
    }
  }

  /**
   * HEAD's branch and commit of each named repository that has a commit, in one query (a page of a
   * list reads every repository's HEAD); the states carry no file content.
   */
  public Map<String, HeadState> heads(List<String> names) throws IOException {
    if (names.isEmpty()) {
      return Map.of();
    }
    String sql =
        "SELECT h.repository, h.symbolic_target, b.object_id FROM git_refs h"
            + " JOIN git_refs b ON b.repository = h.repository AND b.ref_name = h.symbolic_target"
            + " WHERE h.ref_name = ? AND h.repository IN ("
            + String.join(",", Collections.nCopies(names.size(), "?"))
            + ")";
    Map<String, HeadState> heads = new HashMap<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, Constants.HEAD);
      for (int i = 0; i < names.size(); i++) {
        statement.setString(i + 2, names.get(i));
      }
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          heads.put(
              rows.getString(1),
              new HeadState(rows.getString(3), Repository.shortenRefName(rows.getString(2)), null));
        }
      }
    } catch (SQLException e) {
      throw new IOException("Reading the heads of " + names.size() + " repositories failed", e);
    }
    return heads;
  }

  /** The names of all repositories, sorted as the database sorts them. */
  public List<String> names() throws IOException {
    String sql = "SELECT repository FROM git_refs WHERE ref_name = ? ORDER BY repository";
    List<String> names = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, Constants.HEAD);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          names.add(rows.getString(1));
        }
      }
    } catch (SQLException e) {
      throw new IOException("Listing the repositories failed", e);
    }
    return names;
  }

  /**
   * Deletes every row of the repository; says whether it existed. The refs go first, so that a
   * failure half way leaves no repository but some unreachable pack rows, which a later delete of
   * the same name removes. Views still open keep their cached blocks; they must not be used again.
   */
  public boolean delete(String name) throws IOException {
    try (Connection connection = dataSource.getConnection()) {
      int refs = deleteRows(connection, "git_refs", name);
      int packFiles = deleteRows(connection, "git_pack_files", name);
      return refs + packFiles > 0;
    } catch (SQLException e) {
      throw new IOException("Deleting repository " + name + " failed", e);
    }
  }

  private static int deleteRows(Connection connection, String table, String name)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("DELETE FROM " + table + " WHERE repository = ?")) {
      statement.setString(1, name);
      return statement.executeUpdate();
    }
  }

  /**
   * Repacks everything reachable into one pack (plus one of unreachable objects, kept a day by JGit
   * in case a writer still refers to them), replacing the many small packs that each commit adds,
   * so that reads stay fast as history grows. Safe beside concurrent writers: packs added meanwhile
   * are not replaced, and a concurrent compaction only duplicates objects.
   */
  public void compact(String name) throws IOException {
    try (DatabaseRepository repository = open(name)) {
      new DfsGarbageCollector(repository).pack(null);
    }
  }
}
