package dev.vibegrapher.session.boundary;

import dev.vibegrapher.session.control.SessionStore;
import dev.vibegrapher.session.entity.ConversationMessage;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@ApplicationScoped
@Path("messages/{id}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Sessions")
public class MessagesResource {

  @Inject SessionStore store;

  @GET
  @RolesAllowed("viewer")
  @Path("full")
  @Operation(summary = "The complete raw LLM response JSON of the step this message records")
  public String full(@PathParam("id") String id) {
    ConversationMessage message =
        store
            .message(id)
            .orElseThrow(() -> new NotFoundException("No message with id " + id + "."));
    if (message.rawResponse() == null) {
      throw new NotFoundException("Message " + id + " did not come from an LLM response.");
    }
    return message.rawResponse();
  }
}
