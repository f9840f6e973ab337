package dev.vibegrapher.review.control;

import dev.vibegrapher.agent.control.Budgets;
import dev.vibegrapher.agent.control.Evaluator;
import dev.vibegrapher.agent.control.LlmRefused;
import dev.vibegrapher.agent.control.LlmUnavailable;
import dev.vibegrapher.agent.control.Spending;
import dev.vibegrapher.agent.entity.Spender;
import dev.vibegrapher.audit.control.AuditLog;
import dev.vibegrapher.audit.entity.AuditAction;
import dev.vibegrapher.client.identity.Person;
import dev.vibegrapher.client.review.DiffView;
import dev.vibegrapher.client.review.Preview;
import dev.vibegrapher.client.review.TestResult;
import dev.vibegrapher.git.control.GitRepositories;
import dev.vibegrapher.git.entity.Author;
import dev.vibegrapher.git.entity.HeadState;
import dev.vibegrapher.identity.entity.Caller;
import dev.vibegrapher.patch.control.PatchApplier;
import dev.vibegrapher.patch.control.PatchRejected;
import dev.vibegrapher.platform.boundary.ProblemException;
import dev.vibegrapher.project.control.ProjectLocks;
import dev.vibegrapher.project.control.ProjectService;
import dev.vibegrapher.project.control.TestCaseStore;
import dev.vibegrapher.project.entity.ProjectState;
import dev.vibegrapher.realtime.entity.EventType;
import dev.vibegrapher.realtime.entity.ProjectEvent;
import dev.vibegrapher.review.entity.Diff;
import dev.vibegrapher.review.entity.DiffCommitted;
import dev.vibegrapher.review.entity.DiffStatus;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;

/** The human's decisions on a diff: approve, reject with feedback, commit to git. */
@ApplicationScoped
public class ReviewService {

  // Who has a commit message being written right now: one at a time per person (refineMessage).
  private final Set<String> refining = ConcurrentHashMap.newKeySet();

  @Inject DiffStore diffs;
  @Inject ProjectService projects;
  @Inject GitRepositories git;
  @Inject Event<ProjectEvent> events;
  @Inject Evaluator evaluator;
  @Inject SandboxedTests sandbox;
  @Inject TestCaseStore testCases;

  @Resource(lookup = "java:comp/DefaultManagedExecutorService")
  ManagedExecutorService executor;

  @Inject Spending spending;
  @Inject Budgets budgets;
  @Inject Event<DiffCommitted> committed;
  @Inject NewAttempts attempts;
  @Inject AuditLog audit;
  @Inject CoderTrailer coder;
  @Inject ReviewMetrics metrics;
  @Inject CommitGate gate;

  @Inject ProjectLocks projectLocks;

  public Diff find(String id) {
    return diffs.find(id).orElseThrow(() -> new NotFoundException("No diff with id " + id + "."));
  }

  /** What the diff does to the file as it is now: the code before and after, and the diff. */
  public Preview preview(String id) {
    Diff diff = find(id);
    ProjectState project = projects.find(diff.projectId());
    String original = tipOf(diff, project).fileContent();
    if (diff.status() == DiffStatus.COMMITTED) {
      return new Preview(null, original, diff.diffContent());
    }
    return new Preview(original, applyToTip(diff, project), diff.diffContent());
  }

  /**
   * The code before and after the diff; {@code originalCode} is null once the diff is committed
   * (HEAD holds the result).
   */

  /** The diff after the decision, and the run the rejection started, if any. */
  public record Decision(Diff diff, String runId) {}

  public Decision review(String id, boolean approved, String feedback, Caller actor) {
    // Under the project's lock, like commits: a decision reads the status it changes, and two at
    // once
    // (a rejection and a commit, say) must not both pass the check and leave git and the diff
    // apart.
    return projectLocks.locked(
        find(id).projectId(), () -> decide(find(id), approved, feedback, actor));
  }

  private Decision decide(Diff diff, boolean approved, String feedback, Caller actor) {
    String id = diff.id();
    if (approved) {
      expectStatus(diff, DiffStatus.EVALUATOR_APPROVED, "approved");
      return new Decision(
          change(
              id,
              actor,
              stored -> {
                stored.approveByHuman(actor.person());
                audit.record(
                    actor,
                    AuditAction.DIFF_APPROVED,
                    stored.projectId(),
                    id,
                    "Approved " + summaryOf(stored));
              }),
          null);
    }
    // An approved diff can still be rejected: the way forward when HEAD moved under it.
    if (diff.status() != DiffStatus.HUMAN_APPROVED) {
      expectStatus(diff, DiffStatus.EVALUATOR_APPROVED, "rejected");
    }
    if (feedback == null || feedback.isBlank()) {
      throw new BadRequestException(
          "feedback is required when rejecting a diff: say what should change.");
    }
    // The diff is rejected only once the new attempt is sure to start (if the session is busy or
    // over
    // budget, it stays as it was), and before the attempt's prompt goes out.
    String reason = feedback.strip();
    AtomicReference<Diff> decided = new AtomicReference<>();
    String runId =
        attempts.afterRejection(
            diff.sessionId(),
            retryPrompt(diff, reason),
            actor,
            () ->
                decided.set(
                    change(
                        id,
                        actor,
                        stored -> {
                          stored.rejectByHuman(reason, actor.person());
                          audit.record(
                              actor,
                              AuditAction.DIFF_REJECTED,
                              stored.projectId(),
                              id,
                              "Rejected " + summaryOf(stored) + ": " + reason);
                        })));
    return new Decision(decided.get(), runId);
  }

  /** Asks the evaluator for a better commit message and stores it on the diff. */
  public String refineMessage(String id, String hint, Caller actor) {
    Diff diff = find(id);
    expectUndecided(diff);
    // The reviewer who asks spends the tokens, from their own budget as from the session's and
    // project's.
    Spender spender = new Spender(diff.projectId(), diff.sessionId(), actor.subject());
    budgets.requireRoom(spender);
    // One at a time per person: the budget is checked before the call and counted after it, so
    // calls in parallel would all pass the check before any was counted.
    if (!refining.add(actor.subject())) {
      throw new ProblemException(
          Response.Status.TOO_MANY_REQUESTS,
          "refine-in-progress",
          "A commit message you asked for is still being written; ask again once it is there.",
          Map.of());
    }
    Evaluator.CommitMessage proposal;
    try {
      proposal =
          evaluator.proposeCommitMessage(
              diff.vibecoderPrompt(), diff.diffContent(), diff.commitMessage(), hint);
    } catch (LlmRefused refused) {
      refused
          .usage()
          .ifPresent(
              usage ->
                  spending.record(spender, null, usage)); // an answer refused was still paid for
      throw new ProblemException(
          Response.Status.BAD_GATEWAY,
          "llm-failed",
          "The LLM could not propose a message: " + refused.getMessage(),
          Map.of());
    } catch (LlmUnavailable | FaultToleranceException failure) {
      throw new ProblemException(
          Response.Status.BAD_GATEWAY,
          "llm-failed",
          "The LLM could not propose a message: " + failure.getMessage(),
          Map.of());
    } finally {
      refining.remove(actor.subject());
    }
    spending.record(spender, null, proposal.usage());
    projectLocks.locked(
        diff.projectId(),
        () -> {
          // The LLM took its time: the diff may have been decided meanwhile.
          expectUndecided(find(id));
          change(
              id,
              actor,
              stored -> {
                stored.refineMessage(proposal.message());
                audit.record(
                    actor,
                    AuditAction.DIFF_MESSAGE_REFINED,
                    stored.projectId(),
                    id,
                    "Refined the commit message of " + summaryOf(stored));
              });
        });
    return proposal.message();
  }

  /**
   * Commits the diff on its target branch if the branch is still at the commit the request started
   * from. The checked-out branch is committed through the work tree; any other branch gets its
   * commit without checking it out, so it lands on that branch only.
   */
  public Diff commit(String id, String messageOverride, Caller actor) {
    Diff diff = find(id);
    return gate.through(
        () ->
            projectLocks.locked(
                diff.projectId(), () -> commitLocked(find(id), messageOverride, actor)));
  }

  private Diff commitLocked(Diff diff, String messageOverride, Caller actor) {
    String id = diff.id();
    expectStatus(diff, DiffStatus.HUMAN_APPROVED, "committed");
    ProjectState project = projects.find(diff.projectId());
    String head = tipOf(diff, project).commit();
    if (!head.equals(diff.baseCommit())) {
      throw headMoved(diff, head);
    }
    String patched = applyToTip(diff, project);
    String message =
        messageOverride == null || messageOverride.isBlank()
            ? diff.commitMessage()
            : messageOverride.strip();
    // The diff keeps the message people chose; git's copy also credits the coder.
    String gitMessage = coder.addTo(message);
    boolean checkedOut = onCheckedOutBranch(diff, project);
    Author author = authorOf(actor);
    String sha =
        checkedOut
            ? git.commitFile(
                project.repository(), project.project().filename(), patched, gitMessage, author)
            : git.commitOnBranch(
                    project.repository(),
                    diff.targetBranch(),
                    head,
                    project.project().filename(),
                    patched,
                    gitMessage,
                    author)
                .orElseThrow(() -> headMoved(diff, tipOf(diff, project).commit()));
    Diff done;
    try {
      done =
          diffs.change(
              id,
              stored -> {
                stored.committed(sha, message, actor.person());
                audit.record(
                    actor,
                    AuditAction.DIFF_COMMITTED,
                    stored.projectId(),
                    id,
                    "Committed "
                        + shortSha(sha)
                        + " on "
                        + stored.targetBranch()
                        + ": "
                        + firstLine(message));
              });
    } catch (RuntimeException | LinkageError notRecorded) {
      // No commit without its diff marked: the commit goes again. LinkageError too: during a
      // shutdown the application's class loader may already refuse classes (NoClassDefFoundError).
      if (checkedOut) {
        git.resetHard(project.repository(), head);
      } else {
        git.resetBranch(project.repository(), diff.targetBranch(), head);
      }
      throw notRecorded;
    }
    published(done, actor);
    events.fire(
        new ProjectEvent(
            diff.projectId(),
            EventType.CODE_CHANGED,
            new CodeChanged(
                diff.projectId(),
                patched,
                sha,
                diff.targetBranch(),
                id,
                actor.person(),
                "commit")));
    committed.fire(new DiffCommitted(id, diff.sessionId(), diff.projectId(), sha));
    return done;
  }

  /** Reverts a committed diff with a new commit; 409 when later commits changed the same lines. */
  public Diff revert(String id, Caller actor) {
    Diff found = find(id);
    return gate.through(
        () -> projectLocks.locked(found.projectId(), () -> revertLocked(find(id), actor)));
  }

  private Diff revertLocked(Diff diff, Caller actor) {
    String id = diff.id();
    expectStatus(diff, DiffStatus.COMMITTED, "reverted");
    ProjectState project = projects.find(diff.projectId());
    if (!onCheckedOutBranch(diff, project)) {
      throw new ProblemException(
          Response.Status.CONFLICT,
          "revert-other-branch",
          "Reverting works on the checked-out branch ("
              + project.head().branch()
              + "); this diff was committed to "
              + diff.targetBranch()
              + ".",
          Map.of("target_branch", diff.targetBranch()));
    }
    String summary =
        diff.commitMessage() == null ? "" : diff.commitMessage().lines().findFirst().orElse("");
    String message =
        "Revert \"" + summary + "\"\n\nThis reverts commit " + diff.committedSha() + ".";
    String committedSha = diff.committedSha();
    String sha =
        git.revert(project.repository(), committedSha, message, authorOf(actor))
            .orElseThrow(
                () ->
                    new ProblemException(
                        Response.Status.CONFLICT,
                        "revert-conflict",
                        "Later commits changed the same lines, so commit "
                            + committedSha
                            + " cannot be reverted on its own.",
                        Map.of(
                            "committed_sha",
                            committedSha,
                            "head_commit",
                            project.head().commit())));
    Diff done;
    try {
      done =
          diffs.change(
              id,
              stored -> {
                stored.reverted(sha, actor.person());
                audit.record(
                    actor,
                    AuditAction.DIFF_REVERTED,
                    stored.projectId(),
                    id,
                    "Reverted " + shortSha(committedSha) + " with " + shortSha(sha));
              });
    } catch (RuntimeException | LinkageError notRecorded) {
      git.resetHard(project.repository(), project.head().commit());
      throw notRecorded;
    }
    metrics.reverted();
    published(done, actor);
    String newCode = projects.find(diff.projectId()).head().fileContent();
    events.fire(
        new ProjectEvent(
            diff.projectId(),
            EventType.CODE_CHANGED,
            new CodeChanged(
                diff.projectId(),
                newCode,
                sha,
                diff.targetBranch(),
                id,
                actor.person(),
                "revert")));
    return done;
  }

  /**
   * Runs the project's test cases against the diff's patched code, all at once, publishing
   * test_completed as each ends; the results are stored on the diff.
   */
  public Diff runTests(String id, Caller actor) {
    Diff diff = find(id);
    if (diff.status() == DiffStatus.COMMITTED || diff.status() == DiffStatus.REVERTED) {
      throw new ProblemException(
          Response.Status.CONFLICT,
          "diff-status",
          "This diff is "
              + diff.status().wireName()
              + ": tests run against a diff before it is committed.",
          Map.of("status", diff.status().wireName()));
    }
    ProjectState project = projects.find(diff.projectId());
    String patched = applyToTip(diff, project);
    String fileName = project.project().filename();
    List<dev.vibegrapher.project.entity.TestCase> tests = testCases.ofProject(diff.projectId());
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
    long passed = results.stream().filter(result -> "passed".equals(result.status())).count();
    return change(
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

  /** A diff gets a new commit message until it is committed or rejected. */
  private static void expectUndecided(Diff diff) {
    if (diff.status() == DiffStatus.COMMITTED || diff.status() == DiffStatus.HUMAN_REJECTED) {
      expectStatus(diff, DiffStatus.EVALUATOR_APPROVED, "given a new message");
    }
  }

  /**
   * Stores a change to the diff, then publishes it as diff_updated, so every dashboard on the
   * project shows the diff as it is now, whoever decided.
   */
  private Diff change(String id, Caller actor, Consumer<Diff> change) {
    return published(diffs.change(id, change), actor);
  }

  private Diff published(Diff changed, Caller actor) {
    events.fire(
        new ProjectEvent(
            changed.projectId(),
            EventType.DIFF_UPDATED,
            new DiffUpdated(changed.sessionId(), DiffViews.of(changed), actor.person())));
    return changed;
  }

  /** The data of diff_updated: the diff as it is now, and who changed it. */
  public record DiffUpdated(String sessionId, DiffView diff, Person actor) {}

  private static Author authorOf(Caller actor) {
    return new Author(actor.name(), actor.email());
  }

  private static String summaryOf(Diff diff) {
    String message = diff.commitMessage();
    return "diff "
        + diff.id().substring(0, 8)
        + (message == null || message.isBlank() ? "" : " (" + firstLine(message) + ")");
  }

  private static String firstLine(String text) {
    return text.lines().findFirst().orElse("");
  }

  private static String shortSha(String sha) {
    return sha.substring(0, Math.min(7, sha.length()));
  }

  /** The data of test_completed. */
  public record TestCompleted(
      String diffId,
      String testId,
      String testName,
      String status,
      String output,
      long durationMs,
      Person actor) {
    TestCompleted(String diffId, TestResult result, Person actor) {
      this(
          diffId,
          result.testId(),
          result.testName(),
          result.status(),
          result.output(),
          result.durationMs(),
          actor);
    }
  }

  /** The data of code_changed: kind is "commit" or "revert". */
  public record CodeChanged(
      String projectId,
      String newCode,
      String commit,
      String branch,
      String diffId,
      Person actor,
      String kind) {}

  private static boolean onCheckedOutBranch(Diff diff, ProjectState project) {
    return diff.targetBranch().equals(project.head().branch());
  }

  /** Where the diff's target branch is now, and the file there. */
  private HeadState tipOf(Diff diff, ProjectState project) {
    if (onCheckedOutBranch(diff, project)) {
      return project.head();
    }
    return git.branchTip(project.repository(), diff.targetBranch(), project.project().filename())
        .orElseThrow(
            () ->
                new ProblemException(
                    Response.Status.CONFLICT,
                    "branch-gone",
                    "The diff's target branch " + diff.targetBranch() + " no longer exists.",
                    Map.of("target_branch", diff.targetBranch())));
  }

  private String applyToTip(Diff diff, ProjectState project) {
    HeadState tip = tipOf(diff, project);
    try {
      return PatchApplier.apply(project.project().filename(), tip.fileContent(), diff.diffContent())
          .patchedCode();
    } catch (PatchRejected noLongerApplies) {
      throw new ProblemException(
          Response.Status.CONFLICT,
          "diff-does-not-apply",
          "The diff no longer applies to the code on "
              + diff.targetBranch()
              + ": "
              + noLongerApplies.getMessage(),
          Map.of("base_commit", diff.baseCommit(), "head_commit", tip.commit()));
    }
  }

  private static ProblemException headMoved(Diff diff, String head) {
    return new ProblemException(
        Response.Status.CONFLICT,
        "head-moved",
        "The branch "
            + diff.targetBranch()
            + " moved since this diff was made (base "
            + diff.baseCommit()
            + ", now "
            + head
            + "): reject it with feedback so the coder redoes it on the current code.",
        Map.of("base_commit", diff.baseCommit(), "head_commit", head));
  }

  private static void expectStatus(Diff diff, DiffStatus expected, String action) {
    if (diff.status() != expected) {
      throw new ProblemException(
          Response.Status.CONFLICT,
          "diff-status",
          "This diff is "
              + diff.status().wireName()
              + "; only a diff that is "
              + expected.wireName()
              + " can be "
              + action
              + ".",
          Map.of("status", diff.status().wireName()));
    }
  }

  private static String retryPrompt(Diff diff, String feedback) {
    return "My earlier request:\n"
        + diff.vibecoderPrompt()
        + "\n\nYou proposed this change, which I rejected:\n```diff\n"
        + diff.diffContent()
        + "```"
        + "\n\nMy feedback:\n"
        + feedback
        + "\n\nPlease make a new change that addresses the feedback.";
  }
}
