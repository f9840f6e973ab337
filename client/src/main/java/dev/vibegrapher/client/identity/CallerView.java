package dev.vibegrapher.client.identity;

import jakarta.json.bind.annotation.JsonbNillable;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Who is calling, with which role: what a dashboard shows and offers. */
@Schema(name = "Caller")
@JsonbNillable
public record CallerView(
    String subject,
    String name,
    String email,
    String role,
    @Schema(
            type = SchemaType.STRING,
            format = "date-time",
            nullable = true,
            description = "When the credential stops holding")
        Instant expiresAt) {}
