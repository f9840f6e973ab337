package floor;

import jakarta.websocket.Session;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Response;

/** The floor's two HTTP calls the latency program makes: create a project, publish an event. */
@ApplicationPath("api")
@Path("projects")
public class FloorEvents extends Application {

  @POST
  public Response create() {
    return Response.status(201).entity("{\"id\":\"floor\"}").type("application/json").build();
  }

  @POST
  @Path("{id}/events")
  public Response publish(@PathParam("id") String project, String body) {
    String frame = FloorFrames.of(project, body);
    for (Session session : FloorSocket.SESSIONS) {
      session.getAsyncRemote().sendText(frame);
    }
    return Response.accepted().build();
  }
}
