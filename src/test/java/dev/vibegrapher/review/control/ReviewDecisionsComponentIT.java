package dev.vibegrapher.review.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vibegrapher.audit.control.AuditLog;
import dev.vibegrapher.audit.entity.AuditAction;
import dev.vibegrapher.identity.entity.Caller;
import dev.vibegrapher.identity.entity.Role;
import dev.vibegrapher.project.control.ProjectService;
import dev.vibegrapher.project.entity.ProjectState;
import dev.vibegrapher.review.entity.Diff;
import dev.vibegrapher.review.entity.DiffStatus;
import dev.vibegrapher.review.entity.DiffStatusConflict;
import dev.vibegrapher.session.control.SessionService;
import dev.vibegrapher.session.entity.VibecodeSession;
import dev.vibegrapher.support.ComponentDeployment;
import dev.vibegrapher.support.ComponentTest;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import jakarta.transaction.UserTransaction;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.naming.InitialContext;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * Decisions on one diff taken at the same moment, with the real transactions, locks and git: the
 * project's lock lets one through, and every other is refused by the diff's status (the API's 409
 * diff-status, worded in ReviewProblemsTest); a change whose transaction rolls back leaves nothing
 * behind.
 */
@ComponentTest
class ReviewDecisionsComponentIT {

  private static final int RIVALS = 6;
  private static final Caller REVIEWER =
      new Caller("component-reviewer", "Rita Reviewer", "rita@example.com", Role.REVIEWER);
  private static final String CODE = "x = 1\n";
  private static final String CHANGE =
      "--- a/main.py\n+++ b/main.py\n@@ -1 +1 @@\n-x = 1\n+x = 2\n";

  @Inject ProjectService projects;
  @Inject SessionService sessions;
  @Inject DiffStore diffs;
  @Inject ReviewDecisions decisions;
  @Inject DiffCommitter committer;
  @Inject AuditLog audit;

  @Deployment
  static WebArchive deployment() {
    return ComponentDeployment.of(ReviewDecisionsComponentIT.class);
  }

  @Test
  void ofApprovalsAtOnceOneWinsAndTheOthersAreRefused() throws Exception {
    Diff diff = proposed();

    List<String> outcomes = atOnce(() -> decisions.review(diff.id(), true, null, REVIEWER));

    assertOneWonAndTheRestWereRefused(outcomes, "human_approved refuses APPROVE");
    inOneTransaction(
        () -> {
          assertEquals(DiffStatus.HUMAN_APPROVED, diffs.find(diff.id()).orElseThrow().status());
          assertEquals(1, recorded(diff.projectId(), AuditAction.DIFF_APPROVED));
        });
  }

  @Test
  void ofCommitsAtOnceOneCommitsAndTheOthersAreRefused() throws Exception {
    Diff diff = proposed();
    decisions.review(diff.id(), true, null, REVIEWER);

    List<String> outcomes = atOnce(() -> committer.commit(diff.id(), null, REVIEWER));

    assertOneWonAndTheRestWereRefused(outcomes, "committed refuses COMMIT");
    inOneTransaction(
        () -> {
          assertEquals(DiffStatus.COMMITTED, diffs.find(diff.id()).orElseThrow().status());
          assertEquals(1, recorded(diff.projectId(), AuditAction.DIFF_COMMITTED));
          // One commit in git after the initial one, and the file as the diff makes it.
          assertEquals(2, projects.commits(diff.projectId(), null, 10, null).size());
          assertEquals("x = 2\n", projects.find(diff.projectId()).head().fileContent());
        });
  }

  @Test
  void aChangeWhoseTransactionRollsBackLeavesNothingBehind() throws Exception {
    Diff diff = proposed();

    assertThrows(
        ChangeUndone.class,
        () ->
            diffs.change(
                diff.id(),
                stored -> {
                  stored.approveByHuman(REVIEWER.person());
                  audit.record(
                      REVIEWER,
                      AuditAction.DIFF_APPROVED,
                      stored.projectId(),
                      stored.id(),
                      "Approved, then undone");
                  throw new ChangeUndone();
                }));

    // Neither the entity cache nor the database kept the change, nor its audit entry.
    inOneTransaction(
        () -> {
          Diff found = diffs.find(diff.id()).orElseThrow();
          assertEquals(DiffStatus.EVALUATOR_APPROVED, found.status());
          assertNull(found.reviewedBy());
          assertEquals(
              List.of(diff.id()),
              diffs.ofProject(diff.projectId(), Optional.of(DiffStatus.EVALUATOR_APPROVED)).stream()
                  .map(Diff::id)
                  .toList());
          assertEquals(0, recorded(diff.projectId(), AuditAction.DIFF_APPROVED));
        });
  }

  /** A diff of a new project that the evaluator approved and nobody decided on yet. */
  private Diff proposed() {
    ProjectState project =
        projects.create("Review " + UUID.randomUUID(), "main.py", CODE, REVIEWER);
    VibecodeSession session =
        sessions
            .open(project.project().id(), VibecodeSession.GLOBAL, null, null, REVIEWER)
            .session();
    return diffs.insert(
        new Diff(
            session.id(),
            project.project().id(),
            project.head().commit(),
            project.head().branch(),
            CHANGE,
            "Make x two",
            "It does what was asked.",
            "Make x two"));
  }

  /**
   * Runs the decision on {@link #RIVALS} container threads released together: "won", or the status
   * that refused which step.
   */
  private static List<String> atOnce(Supplier<?> decision) throws Exception {
    ManagedExecutorService executor =
        InitialContext.doLookup("java:comp/DefaultManagedExecutorService");
    CountDownLatch go = new CountDownLatch(1);
    List<Future<String>> rivals = new ArrayList<>();
    for (int i = 0; i < RIVALS; i++) {
      rivals.add(
          executor.submit(
              () -> {
                go.await();
                try {
                  decision.get();
                  return "won";
                } catch (DiffStatusConflict refused) {
                  return refused.from().wireName() + " refuses " + refused.step();
                }
              }));
    }
    go.countDown();
    List<String> outcomes = new ArrayList<>();
    for (Future<String> rival : rivals) {
      outcomes.add(rival.get(60, TimeUnit.SECONDS));
    }
    return outcomes;
  }

  private static void assertOneWonAndTheRestWereRefused(List<String> outcomes, String refusal) {
    assertEquals(1, Collections.frequency(outcomes, "won"), outcomes::toString);
    assertEquals(
        Collections.nCopies(RIVALS - 1, refusal),
        outcomes.stream().filter(outcome -> !outcome.equals("won")).toList());
  }

  private long recorded(String projectId, AuditAction action) {
    return audit.page(100, Optional.empty(), Optional.of(projectId)).entries().stream()
        .filter(entry -> entry.action() == action)
        .count();
  }

  /**
   * Runs a test's own reads in one transaction, which it then rolls back: outside one, Payara
   * closes the non-transactional entity manager under a second read in the same task (why DiffStore
   * is transactional throughout), and a test method is one task.
   */
  private static void inOneTransaction(Checks checks) throws Exception {
    UserTransaction transaction = InitialContext.doLookup("java:comp/UserTransaction");
    transaction.begin();
    try {
      checks.run();
    } finally {
      transaction.rollback();
    }
  }

  interface Checks {
    void run() throws Exception;
  }

  /** What undoes the change in the test: any unchecked exception rolls the transaction back. */
  static final class ChangeUndone extends RuntimeException {
    ChangeUndone() {
      super("undone on purpose");
    }
  }
}
