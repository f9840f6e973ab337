package dev.vibegrapher.session.boundary;

import dev.vibegrapher.agent.control.PromptLimit;
import dev.vibegrapher.agent.control.Spending;
import dev.vibegrapher.client.session.MessageView;
import dev.vibegrapher.client.session.RunAccepted;
import dev.vibegrapher.client.session.SendMessageRequest;
import dev.vibegrapher.client.session.SessionView;
import dev.vibegrapher.identity.control.Callers;
import dev.vibegrapher.session.control.RunService;
import dev.vibegrapher.session.control.SessionService;
import dev.vibegrapher.session.control.SessionStore;
import dev.vibegrapher.session.control.SessionViews;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
@Path("sessions/{id}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Sessions")
public class SessionsResource {

  @Inject SessionService sessions;
  @Inject Spending spending;
  @Inject SessionStore store;
  @Inject RunService runs;

  @Inject PromptLimit promptLimit;

  @GET
  @RolesAllowed("viewer")
  @Operation(summary = "One session")
  public SessionView get(@PathParam("id") String id) {
    return SessionViews.of(sessions.find(id), spending.ofSession(id));
  }

  @DELETE
  @RolesAllowed("editor")
  @Operation(
      summary = "Remove the session with its messages and diffs, and clear both agents' memories")
  @APIResponse(responseCode = "204", description = "Deleted")
  @APIResponse(
      responseCode = "409",
      description = "A run is still working in this session (run_id names it)")
  public Response delete(@PathParam("id") String id, @Context SecurityContext security) {
    sessions.delete(id, Callers.of(security));
    return Response.noContent().build();
  }

  @POST
  @RolesAllowed("editor")
  @Path("messages")
  @Operation(
      summary =
          "Send a prompt: a run starts in the background and streams its steps to the project's room")
  @APIResponse(responseCode = "202", description = "The run has started")
  @APIResponse(
      responseCode = "409",
      description = "A run is already working in this session (run_id names it)")
  @APIResponse(
      responseCode = "413",
      description = "The prompt is larger than vibegrapher.max-prompt-bytes")
  @APIResponse(
      responseCode = "429",
      description =
          "A token budget is used up (budget-exhausted: budget, limit_tokens, used_tokens and, "
              + "for a daily budget, resets_at), or the caller has as many runs working as one caller may (too-many-runs: max_runs_per_caller)")
  public Response send(
      @PathParam("id") String id, SendMessageRequest request, @Context SecurityContext security) {
    promptLimit.check("prompt", request.prompt());
    RunAccepted accepted = runs.start(id, request.prompt(), Callers.of(security));
    return Response.accepted(accepted).build();
  }

  @GET
  @RolesAllowed("viewer")
  @Path("messages")
  @Operation(
      summary = "Every message of the session in order: the prompts and every step of every run")
  public List<MessageView> messages(@PathParam("id") String id) {
    sessions.find(id);
    return store.messages(id).stream().map(SessionViews::of).toList();
  }
}
