package dev.vibegrapher.identity.boundary;

import dev.vibegrapher.client.identity.CallerView;
import dev.vibegrapher.identity.control.Callers;
import dev.vibegrapher.identity.entity.Caller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@ApplicationScoped
@Path("me")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Access tokens")
public class MeResource {

  @GET
  @RolesAllowed("viewer")
  @Operation(summary = "Who is calling, with which role: what a dashboard shows and offers")
  public CallerView me(@Context SecurityContext security) {
    Caller caller = Callers.of(security);
    return new CallerView(
        caller.subject(),
        caller.name(),
        caller.email(),
        caller.role().wireName(),
        Callers.expiry(security).orElse(null));
  }
}
