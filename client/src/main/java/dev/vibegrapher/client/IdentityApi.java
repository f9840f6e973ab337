package dev.vibegrapher.client;

import dev.vibegrapher.client.identity.CallerView;
import dev.vibegrapher.client.identity.LoginOptions;
import dev.vibegrapher.client.json.WireJsonb;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** Who is calling, and how one may log in. */
@RegisterRestClient(configKey = Vibegrapher.CONFIG_KEY)
@RegisterProvider(WireJsonb.class)
@RegisterProvider(ProblemMapper.class)
@RegisterClientHeaders(BearerToken.class)
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public interface IdentityApi {

  /** The caller, with their role and when their credential expires. */
  @GET
  @Path("me")
  CallerView me();

  /** How the dashboard may log in; needs no token. */
  @GET
  @Path("login-options")
  LoginOptions loginOptions();
}
