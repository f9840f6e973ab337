package dev.vibegrapher.identity.boundary;

import dev.vibegrapher.client.identity.LoginOptions;
import dev.vibegrapher.client.identity.LoginProvider;
import dev.vibegrapher.identity.control.IdentitySettings;
import dev.vibegrapher.platform.boundary.ProblemResponses;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
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
                    new LoginProvider(
                        login.authority(), login.clientId(), login.scope(), login.bearer()))
            .orElse(null),
        settings.tokenLogin());
  }
}
