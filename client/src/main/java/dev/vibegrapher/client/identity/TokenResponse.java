package dev.vibegrapher.client.identity;

import jakarta.json.bind.annotation.JsonbNillable;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A token as listed: never its secret. */
@Schema(name = "AccessToken")
@JsonbNillable
public record TokenResponse(
    String id,
    String name,
    String role,
    String ownerSubject,
    String ownerName,
    @Schema(type = SchemaType.STRING, format = "date-time") Instant createdAt,
    @Schema(type = SchemaType.STRING, format = "date-time", nullable = true) Instant expiresAt,
    @Schema(type = SchemaType.STRING, format = "date-time", nullable = true) Instant lastUsedAt) {}
