package dev.vibegrapher.project.boundary;

import dev.vibegrapher.agent.control.Spending;
import dev.vibegrapher.client.agent.UsageTotals;
import dev.vibegrapher.client.project.BranchEntry;
import dev.vibegrapher.client.project.CommitResponse;
import dev.vibegrapher.client.project.CreateProjectRequest;
import dev.vibegrapher.client.project.FileEntry;
import dev.vibegrapher.client.project.FileResponse;
import dev.vibegrapher.client.project.ProjectPage;
import dev.vibegrapher.client.project.ProjectResponse;
import dev.vibegrapher.git.control.PathRules;
import dev.vibegrapher.identity.control.Callers;
import dev.vibegrapher.platform.boundary.Paging;
import dev.vibegrapher.platform.entity.PageCursor;
import dev.vibegrapher.project.control.ProjectService;
import dev.vibegrapher.project.entity.ProjectState;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@ApplicationScoped
@Path("projects")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Projects", description = "Projects, each a git repository with one main file")
public class ProjectsResource {

  @Inject Spending spending;
  @Inject ProjectService projects;
  @Inject RenderedProjects rendered;

  @GET
  @RolesAllowed("viewer")
  @Operation(
      summary =
          "The projects, newest first, a page at a time, without their code (read one project for it)")
  @APIResponse(
      responseCode = "200",
      description = "A page of projects and the cursor of the next one",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ProjectPage.class)))
  @APIResponse(
      responseCode = "400",
      description = "limit out of range, or a cursor this server did not give")
  public String list(
      @QueryParam("limit") @DefaultValue("" + Paging.DEFAULT_LIMIT) String limit,
      @QueryParam("cursor") String cursor) {
    ProjectService.ProjectPage page =
        projects.newestFirst(Paging.limit(limit, Paging.MAX_LIMIT), Paging.after(cursor));
    return rendered.page(
        page.projects().stream()
            .map(state -> ProjectViews.summary(state, spending.ofProject(state.project().id())))
            .toList(),
        page.next().map(PageCursor::encode));
  }

  @POST
  @RolesAllowed("editor")
  @Operation(summary = "Create a project: a new repository with one committed file on branch main")
  @APIResponse(
      responseCode = "201",
      description = "Created",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ProjectResponse.class)))
  public Response create(
      CreateProjectRequest request, @Context UriInfo uri, @Context SecurityContext security) {
    ProjectResponse created =
        ProjectViews.project(
            projects.create(
                request.name(), request.filename(), request.initialCode(), Callers.of(security)),
            UsageTotals.NONE);
    return Response.created(uri.getAbsolutePathBuilder().path(created.id()).build())
        .entity(created)
        .build();
  }

  @GET
  @RolesAllowed("viewer")
  @Path("{id}")
  @Operation(summary = "One project, with its main file, commit and branch read from HEAD")
  public ProjectResponse get(@PathParam("id") String id) {
    return ProjectViews.project(projects.find(id), spending.ofProject(id));
  }

  @DELETE
  @RolesAllowed("admin")
  @Path("{id}")
  @Operation(summary = "Delete a project: its repository and every row that belongs to it")
  @APIResponse(
      responseCode = "409",
      description = "A run is still working in one of the project's sessions")
  public void delete(@PathParam("id") String id, @Context SecurityContext security) {
    projects.delete(id, Callers.of(security));
  }

  @GET
  @RolesAllowed("viewer")
  @Path("{id}/branches")
  @Operation(
      summary =
          "The repository's branches with their tip commits; current marks the checked-out one")
  public List<BranchEntry> branches(@PathParam("id") String id) {
    ProjectState state = projects.find(id);
    String current = state.head() == null ? null : state.head().branch();
    return projects.branches(id).stream()
        .map(
            branch ->
                new BranchEntry(branch.name(), branch.commit(), branch.name().equals(current)))
        .toList();
  }

  @GET
  @RolesAllowed("viewer")
  @Path("{id}/commits")
  @Operation(
      summary =
          "The history of the project's checked-out branch (or ?branch=), newest first; ?before=<sha> continues after that commit")
  @APIResponse(
      responseCode = "400",
      description = "limit out of range, or a branch or sha that cannot be one")
  @APIResponse(responseCode = "404", description = "No such project or branch")
  public List<CommitResponse> commits(
      @PathParam("id") String id,
      @QueryParam("branch") String branch,
      @QueryParam("limit") @DefaultValue("50") String limitText,
      @QueryParam("before") String before) {
    int limit = Paging.limit(limitText, Paging.MAX_LIMIT);
    if (branch != null && !PathRules.isValidBranch(branch)) {
      throw new BadRequestException("branch \"" + branch + "\" is not a valid git branch name.");
    }
    if (before != null && !before.matches("[0-9a-f]{40}")) {
      throw new BadRequestException(
          "before must be a full commit sha (40 hexadecimal digits) from an earlier page.");
    }
    return projects.commits(id, branch, limit, before).stream().map(ProjectViews::commit).toList();
  }

  @GET
  @RolesAllowed("viewer")
  @Path("{id}/files")
  @Operation(summary = "The files of the HEAD tree with their sizes")
  public List<FileEntry> files(@PathParam("id") String id) {
    return projects.files(id).stream().map(f -> new FileEntry(f.path(), f.size())).toList();
  }

  @GET
  @RolesAllowed("viewer")
  @Path("{id}/files/{path: .+}")
  @Operation(summary = "One file's content at HEAD; 404 for a path outside the repository")
  public FileResponse file(@PathParam("id") String id, @PathParam("path") String path) {
    return new FileResponse(path, projects.fileContent(id, path));
  }
}
