package dev.vibegrapher.project.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vibegrapher.git.control.GitRepositories;
import dev.vibegrapher.identity.entity.Caller;
import dev.vibegrapher.identity.entity.Role;
import dev.vibegrapher.project.entity.TestCase;
import dev.vibegrapher.realtime.control.EventLog;
import dev.vibegrapher.realtime.entity.EventType;
import dev.vibegrapher.realtime.entity.ProjectEvent;
import dev.vibegrapher.support.ComponentDeployment;
import dev.vibegrapher.support.ComponentTest;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.naming.InitialContext;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * The project guard on its own, with the real transactions and database: the project's row lock
 * holds work through other transactions (as it does work through other instances, which share
 * nothing else), the work's rows and its git commits are stored together or not at all, and events
 * logged while a project is held do not wait for it.
 */
@ComponentTest
class ProjectGuardComponentIT {

  private static final Caller OWNER =
      new Caller("component-owner", "Olga Owner", "olga@example.com", Role.ADMIN);

  @Inject ProjectService projects;
  @Inject ProjectGuard guard;
  @Inject ProjectStore store;
  @Inject TestCaseStore testCases;
  @Inject GitRepositories git;
  @Inject EventLog log;
  @Inject Event<ProjectEvent> events;

  @Deployment
  static WebArchive deployment() {
    return ComponentDeployment.of(ProjectGuardComponentIT.class);
  }

  @Test
  void theRowLockHoldsOtherTransactionsOfTheProjectAndNoOther() throws Exception {
    String held = newProject();
    String other = newProject();
    ManagedExecutorService executor = executor();
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean secondIn = new AtomicBoolean();
    // Straight to the database's lock, past this instance's: as a second instance would come.
    Future<?> first =
        executor.submit(
            () ->
                store.withRowLocked(
                    held,
                    () -> {
                      holding.countDown();
                      return await(release);
                    }));
    assertTrue(holding.await(30, TimeUnit.SECONDS));
    Future<?> second =
        executor.submit(() -> store.withRowLocked(held, () -> secondIn.getAndSet(true)));
    executor.submit(() -> store.withRowLocked(other, () -> true)).get(30, TimeUnit.SECONDS);

    assertThrows(
        java.util.concurrent.TimeoutException.class,
        () -> second.get(500, TimeUnit.MILLISECONDS),
        "the same project's row waits while another transaction holds it");
    assertFalse(secondIn.get());
    release.countDown();
    first.get(30, TimeUnit.SECONDS);
    second.get(30, TimeUnit.SECONDS);
    assertTrue(secondIn.get());
  }

  @Test
  void theWorksRowsAndItsGitCommitsAreStoredTogetherOrNotAtAll() {
    String project = newProject();
    String initial = projects.find(project).head().commit();

    AtomicBoolean announced = new AtomicBoolean();
    AtomicBoolean withdrawn = new AtomicBoolean();
    assertThrows(
        IllegalStateException.class,
        () ->
            guard.holding(
                project,
                () -> {
                  testCases.insert(new TestCase(project, "kept?", "assert True\n", false), OWNER);
                  git.commitFile(project, "main.py", "x = 2\n", "Two", git.server());
                  guard.afterCommit(() -> announced.set(true), () -> withdrawn.set(true));
                  throw new IllegalStateException("refused after the row and the commit");
                }));
    assertFalse(announced.get(), "nothing is published of work that was rolled back");
    assertTrue(withdrawn.get());
    assertEquals(0, testCases.ofProject(project).size(), "the row went with the transaction");
    assertEquals(initial, projects.find(project).head().commit(), "and so did the commit");
    assertEquals("x = 1\n", projects.find(project).head().fileContent());

    List<Integer> seenAfterCommit = new ArrayList<>();
    String committed =
        guard.holding(
            project,
            () -> {
              testCases.insert(new TestCase(project, "kept", "assert True\n", false), OWNER);
              // Runs after the commit, outside the transaction: it reads what was committed.
              guard.afterCommit(() -> seenAfterCommit.add(testCases.ofProject(project).size()));
              assertEquals(List.of(), seenAfterCommit, "not while the project is held");
              return git.commitFile(project, "main.py", "x = 2\n", "Two", git.server());
            });
    assertEquals(List.of(1), seenAfterCommit);
    assertEquals(1, testCases.ofProject(project).size());
    assertEquals(committed, projects.find(project).head().commit());
    assertEquals("x = 2\n", projects.find(project).head().fileContent());
  }

  @Test
  void eventsLoggedWhileTheProjectIsHeldDoNotWaitForIt() throws Exception {
    String project = newProject();
    long before = log.lastSeq(project);
    // On a container thread with a deadline: a logging transaction that waited for the held row
    // would wait for ever (the holder waits for it in turn).
    executor()
        .submit(
            () ->
                guard.holding(
                    project,
                    () ->
                        events.fire(
                            new ProjectEvent(
                                project, EventType.TEST_COMPLETED, Map.of("held", true)))))
        .get(30, TimeUnit.SECONDS);
    assertEquals(before + 1, log.lastSeq(project));
  }

  @Test
  void aProjectThatIsGoneIsNotFound() {
    String project = newProject();
    projects.delete(project, OWNER);
    AtomicBoolean ran = new AtomicBoolean();
    assertThrows(NotFoundException.class, () -> guard.holding(project, () -> ran.set(true)));
    assertThrows(
        NotFoundException.class,
        () -> guard.holding(UUID.randomUUID().toString(), () -> ran.set(true)));
    assertFalse(ran.get());
  }

  private String newProject() {
    return projects
        .create("Guarded " + UUID.randomUUID(), "main.py", "x = 1\n", OWNER)
        .project()
        .id();
  }

  private static boolean await(CountDownLatch latch) {
    try {
      return latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static ManagedExecutorService executor() throws Exception {
    return InitialContext.doLookup("java:comp/DefaultManagedExecutorService");
  }
}
