package dev.vibegrapher.project.boundary;

import dev.vibegrapher.git.entity.CommitEntry;
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
    @Schema(type = SchemaType.STRING, format = "date-time") Instant committedAt) {

  static CommitResponse of(CommitEntry entry) {
    return new CommitResponse(
        entry.sha(), entry.message(), entry.authorName(), entry.authorEmail(), entry.committedAt());
  }
}
