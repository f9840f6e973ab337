package dev.vibegrapher.session.boundary;

import dev.vibegrapher.client.review.DiffView;
import dev.vibegrapher.review.control.DiffStatusFilter;
import dev.vibegrapher.review.control.DiffStore;
import dev.vibegrapher.review.control.DiffViews;
import dev.vibegrapher.review.entity.DiffStatus;
import dev.vibegrapher.session.control.SessionService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A session's diffs; the pending ones are what a dashboard reopens after a page refresh. */
@ApplicationScoped
@Path("sessions/{id}/diffs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Review")
public class SessionDiffsResource {

  @Inject DiffStore diffs;
  @Inject SessionService sessions;

  @GET
  @RolesAllowed("viewer")
  @Operation(summary = "The session's diffs, oldest first, optionally of one status")
  public List<DiffView> all(@PathParam("id") String id, @QueryParam("status") String status) {
    sessions.find(id);
    return diffs.ofSession(id, DiffStatusFilter.of(status)).stream().map(DiffViews::of).toList();
  }

  @GET
  @RolesAllowed("viewer")
  @Path("pending")
  @Operation(summary = "The session's diffs waiting for the human (evaluator_approved)")
  public List<DiffView> pending(@PathParam("id") String id) {
    sessions.find(id);
    return diffs.ofSession(id, Optional.of(DiffStatus.EVALUATOR_APPROVED)).stream()
        .map(DiffViews::of)
        .toList();
  }
}
