package dev.vibegrapher.session.boundary;

import dev.vibegrapher.agent.control.Spending;
import dev.vibegrapher.client.session.CreateSessionRequest;
import dev.vibegrapher.client.session.SessionView;
import dev.vibegrapher.git.control.PathRules;
import dev.vibegrapher.identity.control.Callers;
import dev.vibegrapher.session.control.SessionService;
import dev.vibegrapher.session.control.SessionViews;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@ApplicationScoped
@Path("projects/{projectId}/sessions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Sessions")
public class ProjectSessionsResource {

  @Inject SessionService sessions;
  @Inject Spending spending;

  @POST
  @RolesAllowed("editor")
  @Operation(
      summary =
          "Open the project's global session or a node's session; an existing one for the same key is returned")
  @APIResponse(responseCode = "201", description = "Created")
  @APIResponse(responseCode = "200", description = "The session already existed")
  public Response open(
      @PathParam("projectId") String projectId,
      CreateSessionRequest request,
      @Context SecurityContext security) {
    CreateSessionRequest input =
        request == null ? new CreateSessionRequest(null, null, null) : request;
    String type = input.sessionType() == null ? "global" : input.sessionType();
    if (input.branch() != null && !PathRules.isValidBranch(input.branch())) {
      throw new BadRequestException(
          "branch \"" + input.branch() + "\" is not a valid git branch name.");
    }
    if ("node".equals(type) && (input.nodeId() == null || input.nodeId().isBlank())) {
      throw new BadRequestException("node_id is required when session_type is \"node\".");
    }
    SessionService.Opened opened =
        sessions.open(projectId, type, input.nodeId(), input.branch(), Callers.of(security));
    return Response.status(opened.created() ? Response.Status.CREATED : Response.Status.OK)
        .entity(SessionViews.of(opened.session(), spending.ofSession(opened.session().id())))
        .build();
  }

  @GET
  @RolesAllowed("viewer")
  @Operation(summary = "The project's sessions, oldest first")
  public List<SessionView> ofProject(@PathParam("projectId") String projectId) {
    return sessions.ofProject(projectId).stream()
        .map(session -> SessionViews.of(session, spending.ofSession(session.id())))
        .toList();
  }
}
