package dev.vibegrapher.client;

import dev.vibegrapher.client.identity.IssuedTokenResponse;
import dev.vibegrapher.client.identity.TokenRequest;
import dev.vibegrapher.client.identity.TokenResponse;
import dev.vibegrapher.client.json.WireJsonb;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** Personal access tokens. */
@RegisterRestClient(configKey = Vibegrapher.CONFIG_KEY)
@RegisterProvider(WireJsonb.class)
@RegisterProvider(ProblemMapper.class)
@RegisterClientHeaders(BearerToken.class)
@Path("/api/tokens")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface TokensApi {

  /** Makes a token; its secret is in this answer only. */
  @POST
  IssuedTokenResponse issue(TokenRequest request);

  /** The caller's tokens (an admin's: everyone's), without secrets. */
  @GET
  List<TokenResponse> list();

  @DELETE
  @Path("{id}")
  void revoke(@PathParam("id") String id);
}
