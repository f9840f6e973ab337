package dev.vibegrapher.client;

import dev.vibegrapher.client.json.WireJsonb;
import dev.vibegrapher.client.realtime.PublishEventRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * Publishing a project event by hand, for trying a dashboard (admin only, and only on a server
 * started with VIBEGRAPHER_DIAGNOSTICS=true). The events themselves arrive through {@link
 * ProjectRoom}; the same frames are served as Server-Sent Events at GET /api/projects/{id}/events
 * for clients without a WebSocket.
 */
@RegisterRestClient(configKey = Vibegrapher.CONFIG_KEY)
@RegisterProvider(WireJsonb.class)
@RegisterProvider(ProblemMapper.class)
@RegisterClientHeaders(BearerToken.class)
@Path("/api/projects/{id}/events")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface EventsApi {

  @POST
  void publish(@PathParam("id") String projectId, PublishEventRequest request);
}
