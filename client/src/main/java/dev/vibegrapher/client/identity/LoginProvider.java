package dev.vibegrapher.client.identity;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The organisation's OpenID Connect provider, for the authorization code flow with PKCE. */
@Schema(
    name = "LoginProvider",
    description =
        "The organisation's OpenID Connect provider, for the authorization code flow with PKCE")
public record LoginProvider(
    @Schema(
            description =
                "The provider's issuer URL; its discovery document is at /.well-known/openid-configuration")
        String authority,
    @Schema(description = "The dashboard's client id at the provider (a public client: no secret)")
        String clientId,
    String scope,
    @Schema(
            enumeration = {"access_token", "id_token"},
            description = "Which of the provider's tokens to send as the bearer")
        String bearer) {}
