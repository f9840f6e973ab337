package dev.vibegrapher.review.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vibegrapher.review.control.BranchGone;
import dev.vibegrapher.review.control.DiffDoesNotApply;
import dev.vibegrapher.review.control.HeadMoved;
import dev.vibegrapher.review.control.NoMessageProposed;
import dev.vibegrapher.review.control.RefinementInProgress;
import dev.vibegrapher.review.control.RevertConflict;
import dev.vibegrapher.review.control.RevertOffCheckedOutBranch;
import dev.vibegrapher.review.control.ReviewRefused;
import dev.vibegrapher.review.entity.DiffStatus;
import dev.vibegrapher.review.entity.DiffStatusConflict;
import dev.vibegrapher.review.entity.DiffStep;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The problems the review answers with, as clients read them (docs/api.md). */
class ReviewProblemsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode body(Response response) throws Exception {
    assertEquals("application/problem+json", response.getMediaType().toString());
    return JSON.readTree((String) response.getEntity());
  }

  private static JsonNode answered(int status, Response response) throws Exception {
    assertEquals(status, response.getStatus());
    JsonNode problem = body(response);
    assertEquals(status, problem.get("status").asInt(), problem.toString());
    return problem;
  }

  private static JsonNode statusProblem(DiffStatus from, DiffStep step) throws Exception {
    Response response =
        new DiffStatusConflictMapper().toResponse(new DiffStatusConflict(from, step));
    assertEquals(409, response.getStatus());
    JsonNode problem = body(response);
    assertEquals("urn:vibegrapher:problem:diff-status", problem.get("type").asText());
    assertEquals("Conflict", problem.get("title").asText());
    // RFC 9457's status stays the HTTP status; the diff's own is a member of its own.
    assertEquals(409, problem.get("status").asInt());
    assertEquals(from.wireName(), problem.get("diff_status").asText());
    return problem;
  }

  @Test
  void aStepTheStatusRefusesNamesTheStatusesThatAllowIt() throws Exception {
    assertEquals(
        "This diff is committed; only a diff that is evaluator_approved can be approved.",
        statusProblem(DiffStatus.COMMITTED, DiffStep.APPROVE).get("detail").asText());
    assertEquals(
        "This diff is evaluator_approved; only a diff that is human_approved can be committed.",
        statusProblem(DiffStatus.EVALUATOR_APPROVED, DiffStep.COMMIT).get("detail").asText());
    assertEquals(
        "This diff is reverted; only a diff that is committed can be reverted.",
        statusProblem(DiffStatus.REVERTED, DiffStep.REVERT).get("detail").asText());
    assertEquals(
        "This diff is committed; only a diff that is evaluator_approved or human_approved can be"
            + " rejected.",
        statusProblem(DiffStatus.COMMITTED, DiffStep.REJECT).get("detail").asText());
    assertEquals(
        "This diff is human_rejected; only a diff that is evaluator_approved, human_approved or"
            + " reverted can be given a new message.",
        statusProblem(DiffStatus.HUMAN_REJECTED, DiffStep.REFINE_MESSAGE).get("detail").asText());
    assertEquals(
        "This diff is committed: tests run against a diff before it is committed.",
        statusProblem(DiffStatus.COMMITTED, DiffStep.RUN_TESTS).get("detail").asText());
  }

  @Test
  void everyOtherRefusalHasItsProblem() throws Exception {
    List<ReviewRefused> refusals =
        List.of(
            new HeadMoved("main", "aaa", "bbb"),
            new DiffDoesNotApply("main", "line 1 differs", "aaa", "bbb"),
            new BranchGone("feature/x"),
            new RevertConflict("ccc", "ddd"),
            new RevertOffCheckedOutBranch("main", "feature/x"),
            new RefinementInProgress(),
            new NoMessageProposed(new IllegalStateException("The evaluator proposed nothing.")));
    Set<Class<?>> covered = refusals.stream().map(Object::getClass).collect(Collectors.toSet());
    assertEquals(
        Set.copyOf(Arrays.asList(ReviewRefused.class.getPermittedSubclasses())),
        covered,
        "each kind of refusal is checked here");
    for (ReviewRefused refused : refusals) {
      Response response = new ReviewRefusedMapper().toResponse(refused);
      JsonNode problem = answered(response.getStatus(), response);
      assertTrue(
          problem.get("type").asText().startsWith("urn:vibegrapher:problem:"), problem.toString());
    }
  }

  @Test
  void theRefusalsSayWhatClientsReadToday() throws Exception {
    JsonNode moved =
        answered(409, new ReviewRefusedMapper().toResponse(new HeadMoved("main", "aaa", "bbb")));
    assertEquals("urn:vibegrapher:problem:head-moved", moved.get("type").asText());
    assertEquals(
        "The branch main moved since this diff was made (base aaa, now bbb): reject it with"
            + " feedback so the coder redoes it on the current code.",
        moved.get("detail").asText());
    assertEquals("aaa", moved.get("base_commit").asText());
    assertEquals("bbb", moved.get("head_commit").asText());

    JsonNode stale =
        body(
            new ReviewRefusedMapper()
                .toResponse(new DiffDoesNotApply("main", "line 1 differs", "aaa", "bbb")));
    assertEquals("urn:vibegrapher:problem:diff-does-not-apply", stale.get("type").asText());
    assertEquals(
        "The diff no longer applies to the code on main: line 1 differs",
        stale.get("detail").asText());
    assertEquals("aaa", stale.get("base_commit").asText());
    assertEquals("bbb", stale.get("head_commit").asText());

    JsonNode gone = body(new ReviewRefusedMapper().toResponse(new BranchGone("feature/x")));
    assertEquals("urn:vibegrapher:problem:branch-gone", gone.get("type").asText());
    assertEquals(
        "The diff's target branch feature/x no longer exists.", gone.get("detail").asText());
    assertEquals("feature/x", gone.get("target_branch").asText());

    JsonNode tangled = body(new ReviewRefusedMapper().toResponse(new RevertConflict("ccc", "ddd")));
    assertEquals("urn:vibegrapher:problem:revert-conflict", tangled.get("type").asText());
    assertEquals(
        "Later commits changed the same lines, so commit ccc cannot be reverted on its own.",
        tangled.get("detail").asText());
    assertEquals("ccc", tangled.get("committed_sha").asText());
    assertEquals("ddd", tangled.get("head_commit").asText());

    JsonNode elsewhere =
        body(
            new ReviewRefusedMapper()
                .toResponse(new RevertOffCheckedOutBranch("main", "feature/x")));
    assertEquals("urn:vibegrapher:problem:revert-other-branch", elsewhere.get("type").asText());
    assertEquals(
        "Reverting works on the checked-out branch (main); this diff was committed to feature/x.",
        elsewhere.get("detail").asText());
    assertEquals("feature/x", elsewhere.get("target_branch").asText());

    JsonNode busy = answered(429, new ReviewRefusedMapper().toResponse(new RefinementInProgress()));
    assertEquals("urn:vibegrapher:problem:refine-in-progress", busy.get("type").asText());
    assertEquals("Too Many Requests", busy.get("title").asText());

    JsonNode failed =
        answered(
            502,
            new ReviewRefusedMapper()
                .toResponse(
                    new NoMessageProposed(
                        new IllegalStateException("The evaluator proposed no commit message."))));
    assertEquals("urn:vibegrapher:problem:llm-failed", failed.get("type").asText());
    assertEquals(
        "The LLM could not propose a message: The evaluator proposed no commit message.",
        failed.get("detail").asText());
  }
}
