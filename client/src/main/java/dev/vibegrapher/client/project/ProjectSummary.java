package dev.vibegrapher.client.project;

import dev.vibegrapher.client.agent.UsageTotals;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A project as the list shows it: without its code, which is read with the project alone. */
@Schema(name = "ProjectSummary")
public record ProjectSummary(
    String id,
    String name,
    String slug,
    String filename,
    @Schema(description = "HEAD's commit id") String currentCommit,
    String currentBranch,
    @Schema(type = SchemaType.STRING, format = "date-time") Instant createdAt,
    @Schema(type = SchemaType.STRING, format = "date-time") Instant updatedAt,
    @Schema(description = "Tokens and cost of every LLM call for this project")
        UsageTotals usageTotals) {}
