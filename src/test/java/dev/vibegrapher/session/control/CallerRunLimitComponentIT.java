package dev.vibegrapher.session.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vibegrapher.client.identity.Person;
import dev.vibegrapher.identity.entity.Caller;
import dev.vibegrapher.identity.entity.Role;
import dev.vibegrapher.platform.boundary.ProblemException;
import dev.vibegrapher.project.control.ProjectService;
import dev.vibegrapher.project.control.ProjectStore;
import dev.vibegrapher.session.entity.VibecodeRun;
import dev.vibegrapher.session.entity.VibecodeSession;
import dev.vibegrapher.support.ComponentDeployment;
import dev.vibegrapher.support.ComponentTest;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionalException;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.naming.InitialContext;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * The cap on runs per caller as the database has it, with the real transactions: what counts is the
 * caller's RUNNING runs whose lease is live, whichever instance owns them, and on PostgreSQL the
 * caller's lock makes two starts of one caller take turns though they hold different projects (as
 * two instances' starts would). The app's default cap, 4.
 */
@ComponentTest
class CallerRunLimitComponentIT {

  private static final Caller OWNER =
      new Caller("component-owner", "Olga Owner", "olga@example.com", Role.ADMIN);
  private static final Person ANYONE = new Person("Anyone", "");

  @Inject CallerRunLimit limit;
  @Inject SessionStore store;
  @Inject SessionService sessions;
  @Inject ProjectService projects;
  @Inject ProjectStore projectRows;

  @Deployment
  static WebArchive deployment() {
    return ComponentDeployment.of(CallerRunLimitComponentIT.class);
  }

  @Test
  void onlyTheCallersRunningRunsWithALiveLeaseCountAgainstTheirCap() {
    String project = newProject();
    String session = newSession(project);
    String ann = "ann-" + UUID.randomUUID();
    Instant live = Instant.now().plus(Duration.ofMinutes(5));
    for (int i = 0; i < limit.max() - 1; i++) {
      add(new VibecodeRun(session, ann, "another-instance", live));
    }
    add(new VibecodeRun(session, ann, "a-dead-instance", Instant.now().minusSeconds(1)));
    VibecodeRun ended = new VibecodeRun(session, ann, "another-instance", live);
    ended.complete("text");
    add(ended);
    add(new VibecodeRun(session, "bob-" + UUID.randomUUID(), "another-instance", live));
    add(new VibecodeRun(session, null, "an-older-release", live));

    assertEquals(limit.max() - 1, store.workingFor(ann, Instant.now()));
    projectRows.withRowLocked(
        project,
        () -> {
          limit.requireRoom(ann);
          return null;
        });

    add(new VibecodeRun(session, ann, "another-instance", live));
    ProblemException refused =
        assertThrows(
            ProblemException.class,
            () ->
                projectRows.withRowLocked(
                    project,
                    () -> {
                      limit.requireRoom(ann);
                      return null;
                    }));
    assertEquals(Response.Status.TOO_MANY_REQUESTS, refused.status());
    assertTrue(
        refused.getMessage().contains("VIBEGRAPHER_RUNS_MAX_PER_CALLER"), refused::getMessage);
  }

  @Test
  void theCallerIsHeldOnlyInsideATransaction() {
    assertThrows(TransactionalException.class, () -> store.holdRunStartsOf("ann"));
  }

  @Test
  void oneCallersStartsInTwoProjectsTakeTurnsOnPostgreSqlAndAnotherCallersDoNot() throws Exception {
    // Not an assumption: Arquillian reports an aborted test as an error.
    boolean postgres = String.valueOf(System.getProperty("database.url")).contains("postgres");
    String ann = "ann-" + UUID.randomUUID();
    ManagedExecutorService executor =
        InitialContext.doLookup("java:comp/DefaultManagedExecutorService");
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean secondIn = new AtomicBoolean();
    Future<?> first =
        executor.submit(
            () ->
                projectRows.withRowLocked(
                    newProject(),
                    () -> {
                      store.holdRunStartsOf(ann);
                      holding.countDown();
                      return await(release);
                    }));
    assertTrue(holding.await(30, TimeUnit.SECONDS));
    Future<?> second =
        executor.submit(
            () ->
                projectRows.withRowLocked(
                    newProject(),
                    () -> {
                      store.holdRunStartsOf(ann);
                      return secondIn.getAndSet(true);
                    }));
    executor
        .submit(
            () ->
                projectRows.withRowLocked(
                    newProject(),
                    () -> {
                      store.holdRunStartsOf("bob-" + UUID.randomUUID());
                      return true;
                    }))
        .get(30, TimeUnit.SECONDS);

    if (postgres) {
      assertThrows(
          TimeoutException.class,
          () -> second.get(500, TimeUnit.MILLISECONDS),
          "the same caller's start waits while another transaction holds the caller");
      assertFalse(secondIn.get());
    } else {
      // H2 is one instance's: ActiveRuns' count of the caller's starts in flight bounds them.
      second.get(30, TimeUnit.SECONDS);
      assertTrue(secondIn.get(), "no lock on H2");
    }
    release.countDown();
    first.get(30, TimeUnit.SECONDS);
    second.get(30, TimeUnit.SECONDS);
    assertTrue(secondIn.get(), "and goes on once that transaction has ended");
  }

  private void add(VibecodeRun run) {
    store.begin(run, MessageDraft.prompt(run.sessionId(), run.id(), "Go", ANYONE), () -> {});
  }

  private String newProject() {
    return projects
        .create("Capped " + UUID.randomUUID(), "main.py", "x = 1\n", OWNER)
        .project()
        .id();
  }

  private String newSession(String project) {
    return sessions.open(project, VibecodeSession.GLOBAL, null, null, OWNER).session().id();
  }

  private static boolean await(CountDownLatch latch) {
    try {
      return latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
