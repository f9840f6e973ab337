package dev.vibegrapher.client.identity;

import jakarta.json.bind.annotation.JsonbNillable;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** How the dashboard may log in: at the organisation's provider, with a token, or both. */
@Schema(name = "LoginOptions")
@JsonbNillable
public record LoginOptions(
    @Schema(nullable = true, description = "Null when no provider login is configured")
        LoginProvider provider,
    @Schema(description = "Whether the dashboard offers to paste an access token")
        boolean tokenLogin) {}
