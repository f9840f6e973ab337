package floor;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;

/**
 * The same floor endpoint on embedded Jetty instead of Payara Micro: what Jakarta WebSocket costs
 * on another container, with the same client on the same machine. Usage: JettyFloor port
 */
public final class JettyFloor {

  private JettyFloor() {
  }

  public static void main(String[] args) throws Exception {
    Server server = new Server(Integer.parseInt(args[0]));
    ServletContextHandler context = new ServletContextHandler("/");
    context.addServlet(Calls.class, "/*");
    JakartaWebSocketServletContainerInitializer.configure(context, (servletContext, container) -> container.addEndpoint(FloorSocket.class));
    server.setHandler(context);
    server.start();
    server.join();
  }

  /** Readiness, create a project, publish an event: the calls the latency program makes. */
  public static final class Calls extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      response.setStatus(request.getRequestURI().equals("/health/ready") ? 200 : 404);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
      String path = request.getRequestURI();
      if (path.equals("/api/projects")) {
        response.setStatus(201);
        response.setContentType("application/json");
        response.getWriter().write("{\"id\":\"floor\"}");
      } else if (path.startsWith("/api/projects/") && path.endsWith("/events")) {
        String project = path.substring("/api/projects/".length(), path.length() - "/events".length());
        String frame = FloorFrames.of(project, new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        for (Session session : FloorSocket.SESSIONS) {
          session.getAsyncRemote().sendText(frame);
        }
        response.setStatus(202);
      } else {
        response.setStatus(404);
      }
    }
  }
}
