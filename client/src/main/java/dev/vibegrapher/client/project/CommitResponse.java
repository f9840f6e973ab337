package dev.vibegrapher.client.project;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One commit of a project's history: its author is the person who committed it through Vibegrapher.
 */
@Schema(name = "Commit")
public record CommitResponse(
    String sha,
    String message,
    String authorName,
    String authorEmail,
    @Schema(type = SchemaType.STRING, format = "date-time") Instant committedAt) {}
