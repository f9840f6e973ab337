package dev.vibegrapher.review.boundary;

import dev.vibegrapher.agent.control.PromptLimit;
import dev.vibegrapher.client.review.CommitRequest;
import dev.vibegrapher.client.review.DiffView;
import dev.vibegrapher.client.review.Preview;
import dev.vibegrapher.client.review.RefineRequest;
import dev.vibegrapher.client.review.RefinedMessage;
import dev.vibegrapher.client.review.ReviewRequest;
import dev.vibegrapher.client.review.ReviewResponse;
import dev.vibegrapher.identity.control.Callers;
import dev.vibegrapher.review.control.CommitMessageRefiner;
import dev.vibegrapher.review.control.Decision;
import dev.vibegrapher.review.control.DiffCommitter;
import dev.vibegrapher.review.control.DiffPreviews;
import dev.vibegrapher.review.control.DiffReverter;
import dev.vibegrapher.review.control.DiffStore;
import dev.vibegrapher.review.control.DiffTestRuns;
import dev.vibegrapher.review.control.DiffViews;
import dev.vibegrapher.review.control.ReviewDecisions;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@ApplicationScoped
@Path("diffs/{id}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Review")
public class DiffsResource {

  @Inject PromptLimit promptLimit;
  @Inject DiffStore diffs;
  @Inject DiffPreviews previews;
  @Inject ReviewDecisions decisions;
  @Inject CommitMessageRefiner refiner;
  @Inject DiffTestRuns testRuns;
  @Inject DiffCommitter committer;
  @Inject DiffReverter reverter;

  @GET
  @RolesAllowed("viewer")
  @Operation(summary = "One diff")
  public DiffView get(@PathParam("id") String id) {
    return DiffViews.of(diffs.get(id));
  }

  @GET
  @RolesAllowed("viewer")
  @Path("preview")
  @Operation(summary = "The project's current code, the code with the diff applied, and the diff")
  @APIResponse(responseCode = "409", description = "The diff no longer applies to the current code")
  public Preview preview(@PathParam("id") String id) {
    return previews.preview(id);
  }

  @POST
  @RolesAllowed("reviewer")
  @Path("review")
  @Operation(
      summary =
          "Approve the diff, or reject it with feedback, which starts a new attempt in the same session; published as diff_updated")
  @APIResponse(
      responseCode = "409",
      description = "The diff is not waiting for this decision, or the session is busy")
  @APIResponse(
      responseCode = "413",
      description = "The feedback is larger than vibegrapher.max-prompt-bytes")
  @APIResponse(
      responseCode = "429",
      description =
          "A rejection's new attempt cannot start: a token budget is used up (budget-exhausted), "
              + "or the reviewer has as many runs working as one caller may (too-many-runs)")
  public ReviewResponse review(
      @PathParam("id") String id, ReviewRequest request, @Context SecurityContext security) {
    promptLimit.check("feedback", request.feedback());
    Decision decision =
        decisions.review(id, request.approved(), request.feedback(), Callers.of(security));
    return new ReviewResponse(DiffViews.of(decision.diff()), decision.runId());
  }

  @POST
  @RolesAllowed("reviewer")
  @Path("refine-message")
  @Operation(
      summary = "The evaluator proposes a better commit message, which is stored on the diff")
  @APIResponse(responseCode = "409", description = "The diff is committed or rejected")
  @APIResponse(
      responseCode = "429",
      description =
          "A token budget is used up (budget-exhausted), or a refinement the caller asked for is still being written (refine-in-progress)")
  @APIResponse(responseCode = "502", description = "The LLM failed")
  @APIResponse(
      responseCode = "413",
      description = "The hint is larger than vibegrapher.max-prompt-bytes")
  public RefinedMessage refineMessage(
      @PathParam("id") String id, RefineRequest request, @Context SecurityContext security) {
    promptLimit.check("hint", request == null ? null : request.hint());
    return new RefinedMessage(
        refiner.refine(id, request == null ? null : request.hint(), Callers.of(security)));
  }

  @POST
  @RolesAllowed("editor")
  @Path("tests")
  @Operation(
      summary =
          "Run the project's test cases against the patched code, each in its own sandboxed python3; results are stored and each is published as test_completed")
  @APIResponse(responseCode = "409", description = "The diff is committed, or no longer applies")
  public DiffView tests(@PathParam("id") String id, @Context SecurityContext security) {
    return DiffViews.of(testRuns.run(id, Callers.of(security)));
  }

  @POST
  @RolesAllowed("reviewer")
  @Path("revert")
  @Operation(summary = "Revert a committed diff with a new commit, published as code_changed")
  @APIResponse(
      responseCode = "409",
      description = "Not committed, or later commits changed the same lines")
  public DiffView revert(@PathParam("id") String id, @Context SecurityContext security) {
    return DiffViews.of(reverter.revert(id, Callers.of(security)));
  }

  @POST
  @RolesAllowed("reviewer")
  @Path("commit")
  @Operation(
      summary =
          "Commit an approved diff on HEAD, if HEAD is still the commit the request started from")
  @APIResponse(
      responseCode = "409",
      description = "Not approved yet, or HEAD moved (base_commit and head_commit say where)")
  public DiffView commit(
      @PathParam("id") String id, CommitRequest request, @Context SecurityContext security) {
    return DiffViews.of(
        committer.commit(
            id, request == null ? null : request.commitMessage(), Callers.of(security)));
  }
}
