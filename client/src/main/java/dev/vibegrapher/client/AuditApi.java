package dev.vibegrapher.client;

import dev.vibegrapher.client.audit.AuditPageView;
import dev.vibegrapher.client.json.WireJsonb;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** Who did what and when (admin only). */
@RegisterRestClient(configKey = Vibegrapher.CONFIG_KEY)
@RegisterProvider(WireJsonb.class)
@RegisterProvider(ProblemMapper.class)
@RegisterClientHeaders(BearerToken.class)
@Path("/api/audit")
@Produces(MediaType.APPLICATION_JSON)
public interface AuditApi {

  /** A page of the log, newest first; each argument may be null. */
  @GET
  AuditPageView page(
      @QueryParam("limit") Integer limit,
      @QueryParam("cursor") String cursor,
      @QueryParam("project_id") String projectId);
}
