package dev.vibegrapher.client;

import dev.vibegrapher.client.json.WireJsonb;
import dev.vibegrapher.client.project.BranchEntry;
import dev.vibegrapher.client.project.CommitResponse;
import dev.vibegrapher.client.project.CreateProjectRequest;
import dev.vibegrapher.client.project.FileEntry;
import dev.vibegrapher.client.project.FileResponse;
import dev.vibegrapher.client.project.ProjectPage;
import dev.vibegrapher.client.project.ProjectResponse;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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

/** Projects: each a git repository with one main file. */
@RegisterRestClient(configKey = Vibegrapher.CONFIG_KEY)
@RegisterProvider(WireJsonb.class)
@RegisterProvider(ProblemMapper.class)
@RegisterClientHeaders(BearerToken.class)
@Path("/api/projects")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface ProjectsApi {

  /** A page of projects, newest first; limit and cursor may be null (the first page of 50). */
  @GET
  ProjectPage list(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor);

  @POST
  ProjectResponse create(CreateProjectRequest request);

  @GET
  @Path("{id}")
  ProjectResponse get(@PathParam("id") String id);

  /** Deletes the project with its repository (admin only). */
  @DELETE
  @Path("{id}")
  void delete(@PathParam("id") String id);

  @GET
  @Path("{id}/branches")
  List<BranchEntry> branches(@PathParam("id") String id);

  /** The history of the checked-out branch (or of branch), newest first, after before if given. */
  @GET
  @Path("{id}/commits")
  List<CommitResponse> commits(
      @PathParam("id") String id,
      @QueryParam("branch") String branch,
      @QueryParam("limit") Integer limit,
      @QueryParam("before") String before);

  @GET
  @Path("{id}/files")
  List<FileEntry> files(@PathParam("id") String id);

  /** One file of the HEAD tree; path is a file name at the repository's top. */
  @GET
  @Path("{id}/files/{path}")
  FileResponse file(@PathParam("id") String id, @PathParam("path") String path);
}
