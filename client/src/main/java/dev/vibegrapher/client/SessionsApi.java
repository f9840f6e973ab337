package dev.vibegrapher.client;

import dev.vibegrapher.client.json.WireJsonb;
import dev.vibegrapher.client.review.DiffView;
import dev.vibegrapher.client.session.CreateSessionRequest;
import dev.vibegrapher.client.session.MessageView;
import dev.vibegrapher.client.session.RunAccepted;
import dev.vibegrapher.client.session.SendMessageRequest;
import dev.vibegrapher.client.session.SessionView;
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

/** Sessions: conversations with the agents about a project, and the runs their prompts start. */
@RegisterRestClient(configKey = Vibegrapher.CONFIG_KEY)
@RegisterProvider(WireJsonb.class)
@RegisterProvider(ProblemMapper.class)
@RegisterClientHeaders(BearerToken.class)
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface SessionsApi {

  /** Opens the project's global session or a node's; the existing one for the same key if any. */
  @POST
  @Path("projects/{projectId}/sessions")
  SessionView open(@PathParam("projectId") String projectId, CreateSessionRequest request);

  /** The project's sessions, oldest first. */
  @GET
  @Path("projects/{projectId}/sessions")
  List<SessionView> ofProject(@PathParam("projectId") String projectId);

  @GET
  @Path("sessions/{id}")
  SessionView get(@PathParam("id") String id);

  /** Removes the session with its messages and diffs; refused (409) while a run works in it. */
  @DELETE
  @Path("sessions/{id}")
  void delete(@PathParam("id") String id);

  /** Sends a prompt: the run starts in the background and streams its steps to the room. */
  @POST
  @Path("sessions/{id}/messages")
  RunAccepted send(@PathParam("id") String id, SendMessageRequest request);

  /** Every message of the session in order: the prompts and every step of every run. */
  @GET
  @Path("sessions/{id}/messages")
  List<MessageView> messages(@PathParam("id") String id);

  /** The session's diffs, oldest first; status may be null (all of them). */
  @GET
  @Path("sessions/{id}/diffs")
  List<DiffView> diffs(@PathParam("id") String id, @QueryParam("status") String status);

  /** The session's diffs waiting for the human (evaluator_approved). */
  @GET
  @Path("sessions/{id}/diffs/pending")
  List<DiffView> pendingDiffs(@PathParam("id") String id);

  /** The complete raw LLM response JSON of the step a message records. */
  @GET
  @Path("messages/{id}/full")
  String fullResponse(@PathParam("id") String messageId);
}
