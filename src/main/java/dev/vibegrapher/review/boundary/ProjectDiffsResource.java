package dev.vibegrapher.review.boundary;

import dev.vibegrapher.client.review.DiffView;
import dev.vibegrapher.project.control.ProjectService;
import dev.vibegrapher.review.control.DiffStore;
import dev.vibegrapher.review.control.DiffViews;
import dev.vibegrapher.review.entity.DiffStatus;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
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

@ApplicationScoped
@Path("projects/{projectId}/diffs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Review")
public class ProjectDiffsResource {

  @Inject DiffStore diffs;
  @Inject ProjectService projects;

  @GET
  @RolesAllowed("viewer")
  @Operation(summary = "The project's diffs, oldest first, optionally of one status")
  public List<DiffView> ofProject(
      @PathParam("projectId") String projectId, @QueryParam("status") String status) {
    projects.project(projectId);
    return diffs.ofProject(projectId, statusOf(status)).stream().map(DiffViews::of).toList();
  }

  /** A status filter from a query parameter; empty when none was given. */
  public static Optional<DiffStatus> statusOf(String status) {
    if (status == null || status.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(
        DiffStatus.fromWire(status)
            .orElseThrow(
                () ->
                    new BadRequestException(
                        "status must be one of evaluator_approved, human_approved, human_rejected, committed.")));
  }
}
