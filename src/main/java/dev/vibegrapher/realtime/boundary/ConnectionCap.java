package dev.vibegrapher.realtime.boundary;

import dev.vibegrapher.client.problem.Problem;
import dev.vibegrapher.platform.boundary.DataHeaders;
import dev.vibegrapher.platform.boundary.ProblemException;
import dev.vibegrapher.platform.boundary.ProblemExceptionMapper;
import dev.vibegrapher.realtime.control.RealtimeConnections;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Map;

/**
 * Refuses a WebSocket upgrade with 429 problem+json when its caller already holds as many real-time
 * connections as VIBEGRAPHER_REALTIME_MAX_CONNECTIONS_PER_CALLER allows: an answer a client can
 * read, where a close after the upgrade could only say 1008. This is the early answer; the count
 * that decides is taken when the connection opens (RealtimeEndpoint), so upgrades racing each other
 * past this check are closed with 1008 there. The caller was authenticated before any filter runs
 * (identity.boundary.BearerAuthentication).
 */
@WebFilter(urlPatterns = "/ws")
public class ConnectionCap extends HttpFilter {

  @Inject RealtimeConnections connections;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    Principal caller = request.getUserPrincipal();
    if (caller != null && !connections.admits(caller.getName())) {
      ProblemException problem = tooMany(connections.maxConnectionsPerCaller());
      response.setStatus(problem.status().getStatusCode());
      // Filters' order is not ours to choose: this answer may not pass identity's SecurityHeaders.
      DataHeaders.set(response);
      response.setContentType(Problem.MEDIA_TYPE);
      response.setCharacterEncoding(StandardCharsets.UTF_8.name());
      response.getWriter().write(ProblemExceptionMapper.body(problem));
      return;
    }
    chain.doFilter(request, response);
  }

  /** The refusal of one connection too many, for the upgrade and for the SSE stream alike. */
  static ProblemException tooMany(int most) {
    return new ProblemException(
        Response.Status.TOO_MANY_REQUESTS,
        "too-many-connections",
        "You have "
            + most
            + " real-time connections open already, the most allowed; close one first.",
        Map.of("limit", most));
  }
}
