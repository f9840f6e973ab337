package dev.vibegrapher.git.control;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.eclipse.jgit.internal.storage.dfs.DfsRefDatabase;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectIdRef;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.ReflogEntry;
import org.eclipse.jgit.lib.ReflogReader;
import org.eclipse.jgit.lib.SymbolicRef;
import org.eclipse.jgit.util.RefList;

/**
 * A {@link DatabaseRepository}'s refs, one row of {@code git_refs} each, changed only by
 * compare-and-set: an UPDATE or DELETE whose WHERE names the value the writer read, or an INSERT
 * that succeeds only while no row exists. Of two writers from the same old value, on any instances,
 * exactly one changes a row; the other gets {@code LOCK_FAILURE}. Inside a transaction the row
 * stays locked by the winner until it ends, and the loser's statement then finds the new value.
 *
 * <p>Why rows and not JGit's reftable variant ({@code DfsReftableDatabase}): that one keeps refs in
 * reftable files written as packs and serializes writers with a lock inside the JVM, so two
 * instances would each append a table and both "win"; making it safe would need a compare-and-set
 * on the pack list anyway. Rows give that directly, one short statement per update, with the
 * database's own locking, and a ref reads as a plain row. Batch ref updates are not atomic across
 * refs ({@link #performsAtomicTransactions()} stays false) unless the caller's transaction makes
 * them so.
 */
public final class DatabaseRefDatabase extends DfsRefDatabase {

  private static final String UNIQUE_VIOLATION = "23505";

  private final DataSource dataSource;
  private final String repository;
  private volatile Boolean postgreSql;
  private volatile boolean assumeEmpty;

  DatabaseRefDatabase(DatabaseRepository owner, DataSource dataSource, String repository) {
    super(owner);
    this.dataSource = dataSource;
    this.repository = repository;
  }

  /**
   * The next read of all refs finds none, without a query: for a repository being made, whose every
   * ref is then written by an insert that fails if the row exists after all.
   */
  void assumeEmpty() {
    assumeEmpty = true;
  }

  @Override
  protected RefCache scanAllRefs() throws IOException {
    if (assumeEmpty) {
      assumeEmpty = false;
      return new RefCache(RefList.emptyList(), RefList.emptyList());
    }
    String sql =
        "SELECT ref_name, object_id, peeled_id, symbolic_target FROM git_refs WHERE repository = ?";
    RefList.Builder<Ref> all = new RefList.Builder<>();
    RefList.Builder<Ref> symbolic = new RefList.Builder<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, repository);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          Ref ref = ref(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4));
          all.add(ref);
          if (ref.isSymbolic()) {
            symbolic.add(ref);
          }
        }
      }
    } catch (SQLException e) {
      throw new IOException("Reading the refs of repository " + repository + " failed", e);
    }
    // Sorted here: the databases' collations need not order names byte by byte as RefList does.
    all.sort();
    symbolic.sort();
    return new RefCache(all.toRefList(), symbolic.toRefList());
  }

  /**
   * Every ref is stored peeled (JGit's DFS update peels before it writes), so a row without a
   * peeled id is a ref to something other than an annotated tag.
   */
  private static Ref ref(String name, String objectId, String peeledId, String target) {
    if (target != null) {
      return new SymbolicRef(name, new ObjectIdRef.Unpeeled(Ref.Storage.NEW, target, null));
    }
    if (peeledId != null) {
      return new ObjectIdRef.PeeledTag(
          Ref.Storage.PACKED, name, ObjectId.fromString(objectId), ObjectId.fromString(peeledId));
    }
    return new ObjectIdRef.PeeledNonTag(Ref.Storage.PACKED, name, ObjectId.fromString(objectId));
  }

  @Override
  protected boolean compareAndPut(Ref oldRef, Ref newRef) throws IOException {
    try (Connection connection = dataSource.getConnection()) {
      if (oldRef.getStorage() == Ref.Storage.NEW) {
        return insertIfAbsent(connection, newRef);
      }
      String sql =
          "UPDATE git_refs SET object_id = ?, peeled_id = ?, symbolic_target = ?"
              + " WHERE repository = ? AND ref_name = ? AND "
              + matching(oldRef);
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        int next = bindValue(statement, 1, newRef);
        statement.setString(next++, repository);
        statement.setString(next++, oldRef.getName());
        statement.setString(next, expected(oldRef));
        return statement.executeUpdate() == 1;
      }
    } catch (SQLException e) {
      throw new IOException("Updating " + newRef.getName() + " of " + repository + " failed", e);
    }
  }

  /**
   * PostgreSQL ends a transaction at the first failed statement, so there a lost race must not
   * raise the unique violation: ON CONFLICT DO NOTHING. H2 has no such clause but only undoes the
   * failed statement, so there the violation is caught and means the same.
   */
  private boolean insertIfAbsent(Connection connection, Ref newRef) throws SQLException {
    boolean onPostgreSql = isPostgreSql(connection);
    String sql =
        "INSERT INTO git_refs (object_id, peeled_id, symbolic_target, repository, ref_name)"
            + " VALUES (?, ?, ?, ?, ?)"
            + (onPostgreSql ? " ON CONFLICT (repository, ref_name) DO NOTHING" : "");
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      int next = bindValue(statement, 1, newRef);
      statement.setString(next++, repository);
      statement.setString(next, newRef.getName());
      return statement.executeUpdate() == 1;
    } catch (SQLException e) {
      if (!onPostgreSql && UNIQUE_VIOLATION.equals(e.getSQLState())) {
        return false;
      }
      throw e;
    }
  }

  @Override
  protected boolean compareAndRemove(Ref oldRef) throws IOException {
    try (Connection connection = dataSource.getConnection()) {
      if (oldRef.getStorage() == Ref.Storage.NEW) {
        return !exists(connection, oldRef.getName());
      }
      String sql =
          "DELETE FROM git_refs WHERE repository = ? AND ref_name = ? AND " + matching(oldRef);
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        statement.setString(1, repository);
        statement.setString(2, oldRef.getName());
        statement.setString(3, expected(oldRef));
        return statement.executeUpdate() == 1;
      }
    } catch (SQLException e) {
      throw new IOException("Deleting " + oldRef.getName() + " of " + repository + " failed", e);
    }
  }

  private boolean exists(Connection connection, String refName) throws SQLException {
    String sql = "SELECT 1 FROM git_refs WHERE repository = ? AND ref_name = ?";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, repository);
      statement.setString(2, refName);
      try (ResultSet row = statement.executeQuery()) {
        return row.next();
      }
    }
  }

  /**
   * JGit would store a ref's peeled state after a read that peeled it; here every ref is written
   * peeled already, and a read must not write.
   */
  @Override
  protected void cachePeeledState(Ref oldLeaf, Ref newLeaf) {
    // Kept in this object's cache only.
  }

  /** No reflog is kept: the product's history of a branch is its commits and the audit log. */
  @Override
  public ReflogReader getReflogReader(Ref ref) {
    return NoReflog.INSTANCE;
  }

  private enum NoReflog implements ReflogReader {
    INSTANCE;

    @Override
    public ReflogEntry getLastEntry() {
      return null;
    }

    @Override
    public List<ReflogEntry> getReverseEntries() {
      return List.of();
    }

    @Override
    public ReflogEntry getReverseEntry(int number) {
      return null;
    }

    @Override
    public List<ReflogEntry> getReverseEntries(int max) {
      return List.of();
    }
  }

  private static String matching(Ref oldRef) {
    return oldRef.isSymbolic() ? "symbolic_target = ?" : "object_id = ?";
  }

  private static String expected(Ref oldRef) {
    return oldRef.isSymbolic() ? oldRef.getTarget().getName() : oldRef.getObjectId().name();
  }

  /** Binds object_id, peeled_id and symbolic_target from {@code index}; returns the next index. */
  private static int bindValue(PreparedStatement statement, int index, Ref ref)
      throws SQLException {
    boolean symbolic = ref.isSymbolic();
    ObjectId peeled = symbolic ? null : ref.getPeeledObjectId();
    statement.setString(index, symbolic ? null : ref.getObjectId().name());
    statement.setString(index + 1, peeled == null ? null : peeled.name());
    statement.setString(index + 2, symbolic ? ref.getTarget().getName() : null);
    return index + 3;
  }

  private boolean isPostgreSql(Connection connection) throws SQLException {
    Boolean known = postgreSql;
    if (known == null) {
      known = connection.getMetaData().getDatabaseProductName().equals("PostgreSQL");
      postgreSql = known;
    }
    return known;
  }
}
