package dev.vibegrapher.realtime.boundary;

import dev.vibegrapher.client.realtime.PublishEventRequest;
import dev.vibegrapher.project.control.ProjectService;
import dev.vibegrapher.realtime.control.RealtimeConnections;
import dev.vibegrapher.realtime.entity.EventType;
import dev.vibegrapher.realtime.entity.ProjectEvent;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@ApplicationScoped
@Path("projects/{id}/events")
@Tag(
    name = "Real time",
    description =
        "Project events as Server-Sent Events (the WebSocket at /ws carries the same frames)")
public class ProjectEventsResource {

  @Inject ProjectService projects;
  @Inject RealtimeConnections connections;
  @Inject Event<ProjectEvent> events;
  @Inject CredentialExpiry expiry;

  @Inject
  @ConfigProperty(name = "vibegrapher.diagnostics")
  boolean diagnostics;

  @GET
  @RolesAllowed("viewer")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @Operation(
      summary = "The project's events as they happen; Last-Event-ID replays what came after it")
  @APIResponse(
      responseCode = "200",
      description =
          "The event stream (text/event-stream), open until the client or the server ends it")
  @APIResponse(
      responseCode = "429",
      description = "The caller has as many real-time connections open as allowed")
  public void stream(
      @PathParam("id") String id,
      @HeaderParam(HttpHeaders.LAST_EVENT_ID_HEADER) String lastEventId,
      @Context SseEventSink sink,
      @Context Sse sse,
      @Context SecurityContext security) {
    projects.project(id);
    Long after = parseLastEventId(lastEventId);
    SseSubscriber subscriber = new SseSubscriber(sink, sse, connections);
    if (!connections.opened(
        subscriber, RealtimeConnections.Kind.SSE, security.getUserPrincipal().getName())) {
      throw ConnectionCap.tooMany(connections.maxConnectionsPerCaller());
    }
    connections.subscribe(subscriber, id, after);
    expiry.watch(subscriber, security.getUserPrincipal());
  }

  @POST
  @RolesAllowed("admin")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary =
          "Publish an event to the project's clients (only with VIBEGRAPHER_DIAGNOSTICS=true)")
  @APIResponse(responseCode = "202", description = "Published")
  public Response publish(@PathParam("id") String id, PublishEventRequest request) {
    if (!diagnostics) {
      throw new NotFoundException(
          "Publishing events by hand is off: set VIBEGRAPHER_DIAGNOSTICS=true.");
    }
    projects.project(id);
    EventType type =
        EventType.fromWire(request.type())
            .orElseThrow(
                () -> new BadRequestException("Unknown event type '" + request.type() + "'."));
    events.fire(new ProjectEvent(id, type, request.data()));
    return Response.accepted().build();
  }

  private static Long parseLastEventId(String lastEventId) {
    if (lastEventId == null || lastEventId.isBlank()) {
      return null;
    }
    try {
      return Long.parseLong(lastEventId.strip());
    } catch (NumberFormatException e) {
      throw new BadRequestException("Last-Event-ID must be an event's seq, a whole number.");
    }
  }
}
