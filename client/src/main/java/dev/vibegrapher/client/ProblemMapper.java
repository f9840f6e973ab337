package dev.vibegrapher.client;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/**
 * Turns every answer of 400 or more into a {@link ProblemException} carrying the server's
 * application/problem+json. Registered by each interface of the client; a plain JAX-RS client calls
 * {@link ProblemException#of} itself.
 */
public class ProblemMapper implements ResponseExceptionMapper<ProblemException> {

  @Override
  public boolean handles(int status, MultivaluedMap<String, Object> headers) {
    return status >= 400;
  }

  @Override
  public ProblemException toThrowable(Response response) {
    String body = response.hasEntity() ? response.readEntity(String.class) : "";
    return ProblemException.of(
        response.getStatus(), response.getStatusInfo().getReasonPhrase(), body);
  }
}
