package dev.vibegrapher.project.boundary;

import dev.vibegrapher.agent.entity.UsageTotals;
import dev.vibegrapher.project.entity.ProjectState;
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
        UsageTotals usageTotals) {

  static ProjectSummary of(ProjectState state, UsageTotals totals) {
    var project = state.project();
    var head = state.head();
    return new ProjectSummary(
        project.id(),
        project.name(),
        project.slug(),
        project.filename(),
        head == null ? null : head.commit(),
        head == null ? null : head.branch(),
        project.createdAt(),
        project.updatedAt(),
        totals);
  }
}
