package dev.vibegrapher.client;

import dev.vibegrapher.client.agent.AgentsOverview;
import dev.vibegrapher.client.json.WireJsonb;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The agents' models and limits. */
@RegisterRestClient(configKey = Vibegrapher.CONFIG_KEY)
@RegisterProvider(WireJsonb.class)
@RegisterProvider(ProblemMapper.class)
@RegisterClientHeaders(BearerToken.class)
@Path("/api/agents")
@Produces(MediaType.APPLICATION_JSON)
public interface AgentsApi {

  @GET
  AgentsOverview overview();
}
