package dev.vibegrapher.client;

import dev.vibegrapher.client.json.WireJsonb;
import dev.vibegrapher.client.review.CommitRequest;
import dev.vibegrapher.client.review.DiffView;
import dev.vibegrapher.client.review.Preview;
import dev.vibegrapher.client.review.RefineRequest;
import dev.vibegrapher.client.review.RefinedMessage;
import dev.vibegrapher.client.review.ReviewRequest;
import dev.vibegrapher.client.review.ReviewResponse;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The review of the diffs the agents propose: preview, decide, test, commit, revert. */
@RegisterRestClient(configKey = Vibegrapher.CONFIG_KEY)
@RegisterProvider(WireJsonb.class)
@RegisterProvider(ProblemMapper.class)
@RegisterClientHeaders(BearerToken.class)
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface DiffsApi {

  /** The project's diffs, oldest first; status may be null (all of them). */
  @GET
  @Path("projects/{projectId}/diffs")
  List<DiffView> ofProject(
      @PathParam("projectId") String projectId, @QueryParam("status") String status);

  @GET
  @Path("diffs/{id}")
  DiffView get(@PathParam("id") String id);

  /** The project's current code, the code with the diff applied, and the diff. */
  @GET
  @Path("diffs/{id}/preview")
  Preview preview(@PathParam("id") String id);

  /** Approves the diff, or rejects it with feedback, which starts a new attempt. */
  @POST
  @Path("diffs/{id}/review")
  ReviewResponse review(@PathParam("id") String id, ReviewRequest request);

  /** The evaluator proposes a better commit message, stored on the diff; the hint may be null. */
  @POST
  @Path("diffs/{id}/refine-message")
  RefinedMessage refineMessage(@PathParam("id") String id, RefineRequest request);

  /** Runs the project's test cases against the patched code; the results are on the diff. */
  @POST
  @Path("diffs/{id}/tests")
  DiffView runTests(@PathParam("id") String id);

  /** Reverts a committed diff with a new commit. */
  @POST
  @Path("diffs/{id}/revert")
  DiffView revert(@PathParam("id") String id);

  /** Commits an approved diff on HEAD; a null commit message keeps the evaluator's. */
  @POST
  @Path("diffs/{id}/commit")
  DiffView commit(@PathParam("id") String id, CommitRequest request);
}
