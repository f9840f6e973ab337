package dev.vibegrapher.platform.boundary;

import dev.vibegrapher.client.problem.Problem;
import dev.vibegrapher.platform.control.WireFormat;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Errors raised outside JAX-RS (unknown static paths, a failing container endpoint) as problem+json
 * too, instead of the container's HTML page with its exception report.
 */
@WebServlet("/problem")
public class ServletErrorPage extends HttpServlet {

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    Response.StatusType status =
        Response.Status.fromStatusCode(code instanceof Integer number ? number : 500);
    if (status == null) {
      status = Response.Status.INTERNAL_SERVER_ERROR;
    }
    Problem problem;
    if (status.getStatusCode() >= 500) {
      Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
      problem =
          UnexpectedFailureMapper.internalProblem(
              failure instanceof Throwable t
                  ? t
                  : new IllegalStateException("HTTP " + status.getStatusCode()));
    } else {
      problem = Problems.of(status, Problems.defaultDetail(status));
    }
    response.setStatus(problem.status());
    response.setContentType(Problem.MEDIA_TYPE);
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    WireFormat.JSONB.toJson(problem, response.getWriter());
  }
}
