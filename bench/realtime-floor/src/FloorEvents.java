package floor;

import jakarta.websocket.Session;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The floor's two HTTP calls the latency program makes: create a project, publish an event. */
@ApplicationPath("api")
@Path("projects")
public class FloorEvents extends Application {

  private static final Pattern DATA = Pattern.compile("\"data\":(\\{.*\\})\\}\\s*$");
  private static final AtomicLong SEQ = new AtomicLong();

  @POST
  public Response create() {
    return Response.status(201).entity("{\"id\":\"floor\"}").type("application/json").build();
  }

  @POST
  @Path("{id}/events")
  public Response publish(@PathParam("id") String project, String body) {
    Matcher data = DATA.matcher(body);
    String frame = "{\"type\":\"conversation_delta\",\"project_id\":\"" + project + "\",\"seq\":" + SEQ.incrementAndGet()
        + ",\"created_at\":\"" + Instant.now() + "\",\"data\":" + (data.find() ? data.group(1) : "{}") + "}";
    for (Session session : FloorSocket.SESSIONS) {
      session.getAsyncRemote().sendText(frame);
    }
    return Response.accepted().build();
  }
}
