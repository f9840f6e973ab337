package dev.vibegrapher.review.control;

import static dev.vibegrapher.review.control.AuditText.summaryOf;

import dev.vibegrapher.audit.control.AuditLog;
import dev.vibegrapher.audit.entity.AuditAction;
import dev.vibegrapher.client.review.TestResult;
import dev.vibegrapher.identity.entity.Caller;
import dev.vibegrapher.project.control.ProjectService;
import dev.vibegrapher.project.control.TestCaseStore;
import dev.vibegrapher.project.entity.ProjectState;
import dev.vibegrapher.project.entity.TestCase;
import dev.vibegrapher.realtime.entity.EventType;
import dev.vibegrapher.realtime.entity.ProjectEvent;
import dev.vibegrapher.review.entity.Diff;
import dev.vibegrapher.review.entity.DiffStep;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Runs the project's test cases against the diff's patched code, all at once, publishing
 * test_completed as each ends; the results are stored on the diff.
 */
@ApplicationScoped
public class DiffTestRuns {

  @Inject DiffChanges changes;
  @Inject ProjectService projects;
  @Inject TestCaseStore testCases;
  @Inject BranchTips tips;
  @Inject SandboxedTests sandbox;
  @Inject AuditLog audit;
  @Inject Event<ProjectEvent> events;

  @Resource(lookup = "java:comp/DefaultManagedExecutorService")
  ManagedExecutorService executor;

  public Diff run(String id, Caller actor) {
    Diff diff = changes.find(id);
    diff.requireAllowed(DiffStep.RUN_TESTS);
    ProjectState project = projects.find(diff.projectId());
    String patched = tips.applyToTip(diff, project);
    String fileName = project.project().filename();
    List<TestCase> tests = testCases.ofProject(diff.projectId());
    // All or nothing: refused (sandbox unavailable, too many tests waiting) before any starts.
    sandbox.admit(tests.size());
    List<CompletableFuture<TestResult>> runs =
        tests.stream()
            .map(
                test ->
                    CompletableFuture.supplyAsync(
                        () -> {
                          TestResult result =
                              sandbox.run(
                                  test.id(),
                                  test.name(),
                                  test.code(),
                                  test.quickTest(),
                                  fileName,
                                  patched);
                          events.fire(
                              new ProjectEvent(
                                  diff.projectId(),
                                  EventType.TEST_COMPLETED,
                                  new TestCompleted(id, result, actor.person())));
                          return result;
                        },
                        executor))
            .toList();
    List<TestResult> results = runs.stream().map(CompletableFuture::join).toList();
    // Tests take seconds and do not hold a deletion up: a diff deleted meanwhile is a 404 here.
    long passed =
        results.stream().filter(result -> TestResult.PASSED.equals(result.status())).count();
    return changes.change(
        id,
        actor,
        stored -> {
          stored.testsRan(
              DiffViews.testResultsJson(results),
              Instant.now().truncatedTo(ChronoUnit.MICROS),
              actor.person());
          audit.record(
              actor,
              AuditAction.TESTS_RUN,
              stored.projectId(),
              id,
              "Ran "
                  + results.size()
                  + " test cases against "
                  + summaryOf(stored)
                  + ": "
                  + passed
                  + " passed");
        });
  }
}
