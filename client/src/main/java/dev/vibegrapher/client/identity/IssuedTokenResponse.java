package dev.vibegrapher.client.identity;

import jakarta.json.bind.annotation.JsonbNillable;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A token just made: the one answer that holds its secret. */
@Schema(name = "IssuedAccessToken")
@JsonbNillable
public record IssuedTokenResponse(
    String id,
    String name,
    String role,
    @Schema(type = SchemaType.STRING, format = "date-time") Instant createdAt,
    @Schema(type = SchemaType.STRING, format = "date-time", nullable = true) Instant expiresAt,
    @Schema(description = "The bearer secret, shown this once and stored only as a hash")
        String token) {}
