package dev.vibegrapher.identity.boundary;

import dev.vibegrapher.client.identity.IssuedTokenResponse;
import dev.vibegrapher.client.identity.TokenRequest;
import dev.vibegrapher.client.identity.TokenResponse;
import dev.vibegrapher.identity.control.AccessTokens;
import dev.vibegrapher.identity.control.Callers;
import dev.vibegrapher.identity.entity.AccessToken;
import dev.vibegrapher.identity.entity.Role;
import dev.vibegrapher.platform.boundary.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@ApplicationScoped
@Path("tokens")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Access tokens")
public class TokensResource {

  @Inject AccessTokens tokens;

  @POST
  @RolesAllowed("viewer")
  @Operation(summary = "Make a personal access token; its secret is in this answer only")
  public Response issue(TokenRequest request, @Context SecurityContext security) {
    Role role =
        Role.ofWireName(request.role())
            .orElseThrow(
                () ->
                    new ProblemException(
                        Response.Status.BAD_REQUEST,
                        "unknown-role",
                        "role must be one of viewer, editor, reviewer, admin.",
                        Map.of()));
    AccessTokens.Issued issued =
        tokens.issue(
            Callers.of(security),
            Callers.expiry(security),
            request.name(),
            role,
            request.expiresAt());
    return Response.status(Response.Status.CREATED).entity(issuedView(issued)).build();
  }

  @GET
  @RolesAllowed("viewer")
  @Operation(summary = "The caller's tokens (an admin's: everyone's), without secrets")
  public List<TokenResponse> list(@Context SecurityContext security) {
    return tokens.visibleTo(Callers.of(security)).stream().map(TokensResource::view).toList();
  }

  @DELETE
  @Path("{id}")
  @RolesAllowed("viewer")
  @Operation(summary = "Revoke a token at once")
  public void revoke(@PathParam("id") String id, @Context SecurityContext security) {
    tokens.revoke(Callers.of(security), id);
  }

  static IssuedTokenResponse issuedView(AccessTokens.Issued issued) {
    return new IssuedTokenResponse(
        issued.token().id(),
        issued.token().name(),
        issued.token().role().wireName(),
        issued.token().createdAt(),
        issued.token().expiresAt().orElse(null),
        issued.secret());
  }

  static TokenResponse view(AccessToken token) {
    return new TokenResponse(
        token.id(),
        token.name(),
        token.role().wireName(),
        token.ownerSubject(),
        token.ownerName(),
        token.createdAt(),
        token.expiresAt().orElse(null),
        token.lastUsedAt().orElse(null));
  }
}
