package dev.vibegrapher.platform.boundary;

import dev.vibegrapher.client.problem.Problem;
import dev.vibegrapher.platform.entity.Ids;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Anything unforeseen: 500 with a correlation id; the trace goes to the log only. */
@Provider
public class UnexpectedFailureMapper implements ExceptionMapper<Throwable> {

  private static final Logger LOG = Logger.getLogger(UnexpectedFailureMapper.class.getName());

  @Override
  public Response toResponse(Throwable failure) {
    return internalError(failure);
  }

  static Response internalError(Throwable failure) {
    return Problems.toResponse(internalProblem(failure));
  }

  /** Logs the failure with a new correlation id and returns the problem that names only the id. */
  static Problem internalProblem(Throwable failure) {
    String correlationId = Ids.next();
    LOG.log(Level.SEVERE, "Unexpected failure, correlation id " + correlationId, failure);
    return Problems.withCorrelationId(
        Problems.of(
            "internal-error",
            Response.Status.INTERNAL_SERVER_ERROR,
            "The server failed unexpectedly. Quote correlation id "
                + correlationId
                + " to the operator."),
        correlationId);
  }
}
