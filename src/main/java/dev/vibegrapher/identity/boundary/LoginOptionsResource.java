package dev.vibegrapher.identity.boundary;

import dev.vibegrapher.identity.control.IdentitySettings;
import dev.vibegrapher.platform.boundary.ProblemResponses;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * How the dashboard may log in, asked before anyone has: the one route of the API that needs no
 * caller (BearerAuthentication lets exactly this path through). It says only what every browser of
 * a public OpenID Connect client sees anyway: the provider's address, the client id, the scope.
 */
@ApplicationScoped
@Path("login-options")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Access tokens")
public class LoginOptionsResource {

  /** The path the authentication lets through without a caller. */
  public static final String PATH = "/api/login-options";

  @Inject IdentitySettings settings;

  @Schema(
      name = "LoginProvider",
      description =
          "The organisation's OpenID Connect provider, for the authorization code flow with PKCE")
  public record Provider(
      @Schema(
              description =
                  "The provider's issuer URL; its discovery document is at /.well-known/openid-configuration")
          String authority,
      @Schema(
              description =
                  "The dashboard's client id at the provider (a public client: no secret)")
          String clientId,
      String scope,
      @Schema(
              enumeration = {"access_token", "id_token"},
              description = "Which of the provider's tokens to send as the bearer")
          String bearer) {}

  @Schema(name = "LoginOptions")
  @JsonbNillable
  public record LoginOptions(
      @Schema(nullable = true, description = "Null when no provider login is configured")
          Provider provider,
      @Schema(description = "Whether the dashboard offers to paste an access token")
          boolean tokenLogin) {}

  @GET
  @PermitAll
  @Operation(
      summary =
          "How the dashboard may log in: at the organisation's provider, with a token, or both. Needs no caller")
  @Extension(name = ProblemResponses.NO_CALLER_EXTENSION, value = "true", parseValue = true)
  public LoginOptions options() {
    return new LoginOptions(
        settings
            .browserLogin()
            .map(
                login ->
                    new Provider(
                        login.authority(), login.clientId(), login.scope(), login.bearer()))
            .orElse(null),
        settings.tokenLogin());
  }
}
