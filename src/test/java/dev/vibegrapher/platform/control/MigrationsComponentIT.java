package dev.vibegrapher.platform.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vibegrapher.support.ComponentDeployment;
import dev.vibegrapher.support.ComponentTest;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/** The schema the server's start leaves, on the database of the run. */
@ComponentTest
class MigrationsComponentIT {

  @Deployment
  static WebArchive deployment() {
    return ComponentDeployment.of(MigrationsComponentIT.class);
  }

  @Test
  void theStartBringsTheSchemaToTheNewestMigration() {
    MigrationInfo[] all = flyway().info().all();
    List<String> versions = Arrays.stream(all).map(m -> m.getVersion().getVersion()).toList();
    // V1 to V6 at least, numbered without a gap, every one of them applied.
    assertTrue(versions.size() >= 6, () -> "migrations: " + versions);
    assertEquals(
        IntStream.rangeClosed(1, versions.size()).mapToObj(String::valueOf).toList(), versions);
    for (MigrationInfo migration : all) {
      assertEquals(
          MigrationState.SUCCESS, migration.getState(), () -> "V" + migration.getVersion());
    }
    assertEquals(
        versions.get(versions.size() - 1), flyway().info().current().getVersion().getVersion());
  }

  @Test
  void aSecondStartMigratesNothing() {
    List<String> before = history();

    // What every start does first, against the database this server started on.
    EarlyMigrations again = new EarlyMigrations();
    again.start(null);
    again.awaitMigrated();

    assertEquals(before, history());
    assertEquals(0, flyway().info().pending().length);
  }

  /** Each applied migration with its rank, checksum and the time it was applied. */
  private static List<String> history() {
    return Arrays.stream(flyway().info().applied())
        .map(
            m ->
                m.getInstalledRank()
                    + " V"
                    + m.getVersion()
                    + " "
                    + m.getChecksum()
                    + " "
                    + m.getInstalledOn().getTime())
        .toList();
  }

  private static Flyway flyway() {
    return Flyway.configure(MigrationsComponentIT.class.getClassLoader())
        .dataSource(new ConfiguredDataSource())
        .locations("classpath:db/migration")
        .load();
  }
}
