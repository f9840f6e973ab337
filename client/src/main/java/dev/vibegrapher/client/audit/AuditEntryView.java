package dev.vibegrapher.client.audit;

import jakarta.json.bind.annotation.JsonbNillable;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One audit entry on the wire. */
@Schema(name = "AuditEntry")
@JsonbNillable
public record AuditEntryView(
    String id,
    @Schema(type = SchemaType.STRING, format = "date-time") Instant occurredAt,
    Actor actor,
    @Schema(
            description =
                "project.created, project.deleted, session.created, session.deleted, prompt.sent, diff.approved, "
                    + "diff.rejected, diff.committed, diff.reverted, diff.message_refined, tests.run, test_case.saved, test_case.deleted, "
                    + "token.created, token.revoked")
        String action,
    @Schema(nullable = true) String projectId,
    @Schema(
            nullable = true,
            description =
                "The id of what was acted on: a diff, session, test case, token or message")
        String targetId,
    String summary) {

  /** Who acted: the subject their credential names, as shown then, and the role they had. */
  public record Actor(String subject, String name, String email, String role) {}
}
