package dev.vibegrapher.platform.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses request bodies over VIBEGRAPHER_MAX_BODY_BYTES with 413 before anything parses them. A
 * declared length is checked at once; a chunked body is read up to one byte past the limit.
 */
@Provider
@PreMatching
@ApplicationScoped
public class BodySizeLimit implements ContainerRequestFilter {

  @Inject
  @ConfigProperty(name = "vibegrapher.max-body-bytes")
  long maxBodyBytes;

  @Override
  public void filter(ContainerRequestContext request) throws IOException {
    int declared = request.getLength();
    if (declared > maxBodyBytes) {
      throw tooLarge();
    }
    if (declared < 0 && request.hasEntity()) {
      byte[] body =
          request
              .getEntityStream()
              .readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
      if (body.length > maxBodyBytes) {
        throw tooLarge();
      }
      request.setEntityStream(new ByteArrayInputStream(body));
    }
  }

  private WebApplicationException tooLarge() {
    return new WebApplicationException(
        "The request body is larger than the limit of " + maxBodyBytes + " bytes.",
        Response.Status.REQUEST_ENTITY_TOO_LARGE);
  }
}
