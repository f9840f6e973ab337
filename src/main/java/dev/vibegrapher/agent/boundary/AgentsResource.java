package dev.vibegrapher.agent.boundary;

import dev.vibegrapher.agent.control.LlmSettings;
import dev.vibegrapher.agent.control.VibecodeEngine;
import dev.vibegrapher.client.agent.AgentsOverview;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@ApplicationScoped
@Path("agents")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Agents")
public class AgentsResource {

  @Inject LlmSettings settings;
  @Inject VibecodeEngine engine;

  @GET
  @RolesAllowed("viewer")
  @Operation(
      summary =
          "The agents' models, the rounds a run may take, and whether an LLM key is configured (the key itself never)")
  public AgentsOverview overview() {
    return new AgentsOverview(
        settings.coderModel(),
        settings.evaluatorModel(),
        engine.maxIterations(),
        settings.apiKey().isPresent());
  }
}
