package dev.vibegrapher.review.boundary;

import dev.vibegrapher.client.review.DiffView;
import dev.vibegrapher.project.control.ProjectService;
import dev.vibegrapher.review.control.DiffStatusFilter;
import dev.vibegrapher.review.control.DiffStore;
import dev.vibegrapher.review.control.DiffViews;
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
    return diffs.ofProject(projectId, DiffStatusFilter.of(status)).stream()
        .map(DiffViews::of)
        .toList();
  }
}
