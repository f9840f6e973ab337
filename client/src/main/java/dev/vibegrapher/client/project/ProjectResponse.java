package dev.vibegrapher.client.project;

import dev.vibegrapher.client.agent.UsageTotals;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "Project")
public record ProjectResponse(
    String id,
    String name,
    String slug,
    String filename,
    @Schema(description = "The main file's content at HEAD") String currentCode,
    @Schema(description = "HEAD's commit id") String currentCommit,
    String currentBranch,
    @Schema(type = SchemaType.STRING, format = "date-time") Instant createdAt,
    @Schema(type = SchemaType.STRING, format = "date-time") Instant updatedAt,
    @Schema(description = "Tokens and cost of every LLM call for this project")
        UsageTotals usageTotals) {}
