package dev.vibegrapher.client.identity;

import dev.vibegrapher.client.validation.RequiredText;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "AccessTokenInput")
public record TokenRequest(
    @Schema(
            description = "What the token is for, e.g. the script that uses it",
            required = true,
            maxLength = 200)
        @RequiredText(max = 200)
        String name,
    @Schema(
            description = "viewer, editor, reviewer or admin; at most the creator's own role",
            required = true,
            enumeration = {"viewer", "editor", "reviewer", "admin"})
        @RequiredText(max = 20)
        String role,
    @Schema(
            description = "When the token stops working; never, when absent",
            type = SchemaType.STRING,
            format = "date-time")
        Instant expiresAt) {}
