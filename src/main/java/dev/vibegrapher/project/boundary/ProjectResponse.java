package dev.vibegrapher.project.boundary;

import dev.vibegrapher.agent.entity.UsageTotals;
import dev.vibegrapher.project.entity.ProjectState;
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
        UsageTotals usageTotals) {

  static ProjectResponse of(ProjectState state) {
    var project = state.project();
    var head = state.head();
    return new ProjectResponse(
        project.id(),
        project.name(),
        project.slug(),
        project.filename(),
        head == null ? null : head.fileContent(),
        head == null ? null : head.commit(),
        head == null ? null : head.branch(),
        project.createdAt(),
        project.updatedAt(),
        null);
  }

  ProjectResponse withUsageTotals(UsageTotals totals) {
    return new ProjectResponse(
        id,
        name,
        slug,
        filename,
        currentCode,
        currentCommit,
        currentBranch,
        createdAt,
        updatedAt,
        totals);
  }
}
