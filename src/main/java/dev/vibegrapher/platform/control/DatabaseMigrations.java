package dev.vibegrapher.platform.control;

import jakarta.annotation.Resource;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The application's start-up work: once the Flyway migrations have brought the schema up to date
 * ({@link EarlyMigrations}, started with CDI; VIBEGRAPHER_RESET=true first drops everything), tells
 * the features the database is ready, before anything uses JPA.
 *
 * <p>What the features do on {@link DatabaseReady} (seeding, failing interrupted runs, ...) runs on
 * the managed executor, not on the deployment's thread: the rest of the deployment (the servlet,
 * JAX-RS and WebSocket start) goes on beside it on the second core (docs/benchmarks.md). Readiness
 * stays down and the API answers 503 until it is {@link #isStarted() done}.
 */
@DataSourceDefinition(
    name = DatabaseMigrations.DATA_SOURCE,
    className = "dev.vibegrapher.platform.control.ConfiguredDataSource",
    minPoolSize = 2,
    maxPoolSize = 32,
    transactional = true)
@ApplicationScoped
public class DatabaseMigrations {

  /**
   * The application's own data source; unused (its pool never opened) when VIBEGRAPHER_DATASOURCE
   * names the server's ({@link DatabaseChoice}).
   */
  public static final String DATA_SOURCE = DatabaseChoice.OWN;

  private static final Logger LOG = Logger.getLogger(DatabaseMigrations.class.getName());

  @Inject EarlyMigrations migrations;
  @Inject Event<DatabaseReady> ready;

  @Resource(lookup = "java:comp/DefaultManagedExecutorService")
  ManagedExecutorService executor;

  private volatile boolean started;
  private volatile boolean failed;

  void onStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
    executor.execute(this::startUp);
  }

  private void startUp() {
    long begun = System.nanoTime();
    try {
      boolean reset = migrations.awaitMigrated();
      ready.fire(new DatabaseReady(reset));
      started = true;
      LOG.info(() -> "Start-up work done in " + (System.nanoTime() - begun) / 1_000_000 + " ms");
    } catch (RuntimeException | LinkageError e) {
      Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
      // Stays not ready (and not live: see ApplicationLiveness), so the platform restarts it.
      failed = true;
      LOG.log(Level.SEVERE, "Start-up failed; the application will not become ready", cause);
    }
  }

  /** Migrated, and every {@link DatabaseReady} observer has finished. */
  public boolean isStarted() {
    return started;
  }

  /**
   * Whether the start-up work failed; why is in the log only, as its messages can name the
   * database.
   */
  public boolean hasFailed() {
    return failed;
  }
}
