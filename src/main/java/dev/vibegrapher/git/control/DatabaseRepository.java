package dev.vibegrapher.git.control;

import java.io.IOException;
import java.time.Clock;
import javax.sql.DataSource;
import org.eclipse.jgit.internal.storage.dfs.DfsRepository;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryBuilder;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.RefUpdate;

/**
 * A bare git repository whose objects and refs are rows of the database ({@code git_pack_files},
 * {@code git_refs}), through JGit's DFS storage, so that every instance sharing the database works
 * on the same repository. Made by {@link DatabaseRepositories}.
 *
 * <p><b>Transactions belong to the caller.</b> Every statement runs on a connection taken from the
 * data source given, and this code never calls {@code commit}, {@code rollback} or {@code
 * setAutoCommit}. With the application's JTA data source inside a transaction, that connection is
 * the transaction's, so a ref update commits or rolls back together with the JPA changes beside it;
 * outside one, the connection is in autocommit and each statement stands alone. Either way the
 * storage stays consistent, because each step that must be atomic is one statement: a ref's
 * compare-and-set is one conditional UPDATE, INSERT or DELETE, and making new packs visible while
 * hiding those they replace is one UPDATE. Committing or rolling back here would end a transaction
 * that is not ours (and fails on an enlisted connection).
 *
 * <p><b>One object is one consistent view, for one piece of work.</b> Like every DFS repository it
 * caches the list of packs and the refs it read; another instance's later changes are seen by a new
 * object (cheap: opening reads nothing) or after {@link #scanForRepoChanges()}. A stale view never
 * overwrites: a ref update from an old value that changed meanwhile fails with {@code
 * LOCK_FAILURE}. After a rollback of the transaction it wrote in, drop the object, since it still
 * lists the packs the rollback removed.
 *
 * <p>Built on JGit's internal DFS API ({@code org.eclipse.jgit.internal.storage.dfs}), which has no
 * compatibility promise: this code is tied to the JGit version in the build.
 */
public final class DatabaseRepository extends DfsRepository {

  private final DatabaseObjectDatabase objects;
  private final DatabaseRefDatabase refs;

  private DatabaseRepository(Builder builder) {
    super(builder);
    String name = getDescription().getRepositoryName();
    objects = new DatabaseObjectDatabase(this, builder.dataSource, name, builder.clock);
    refs = new DatabaseRefDatabase(this, builder.dataSource, name);
  }

  static DatabaseRepository open(DataSource dataSource, Clock clock, String name)
      throws IOException {
    Builder builder = new Builder(dataSource, clock);
    builder.setRepositoryDescription(new DfsRepositoryDescription(name));
    return builder.build();
  }

  /**
   * Makes the repository: HEAD, naming {@code refs/heads/main} (JGit's own names master). Refused
   * when HEAD exists; of two creations at once, the insert of one HEAD row decides. Nothing is read
   * first: the view takes the repository for empty, so HEAD is linked by an insert that fails when
   * the row exists, and the first commit's objects are written without looking for packs.
   */
  @Override
  public void create(boolean bare) throws IOException {
    String name = getDescription().getRepositoryName();
    refs.assumeEmpty();
    RefUpdate.Result result =
        updateRef(Constants.HEAD, true).link(Constants.R_HEADS + GitRepositories.DEFAULT_BRANCH);
    if (result != RefUpdate.Result.NEW) {
      throw new IOException("Repository " + name + " exists already (" + result + ")");
    }
    objects.madeHere();
  }

  @Override
  public DatabaseObjectDatabase getObjectDatabase() {
    return objects;
  }

  @Override
  public DatabaseRefDatabase getRefDatabase() {
    return refs;
  }

  private static final class Builder extends DfsRepositoryBuilder<Builder, DatabaseRepository> {
    private final DataSource dataSource;
    private final Clock clock;

    Builder(DataSource dataSource, Clock clock) {
      this.dataSource = dataSource;
      this.clock = clock;
    }

    @Override
    public DatabaseRepository build() {
      return new DatabaseRepository(this);
    }
  }
}
