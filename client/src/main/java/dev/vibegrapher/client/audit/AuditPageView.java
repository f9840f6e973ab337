package dev.vibegrapher.client.audit;

import jakarta.json.bind.annotation.JsonbNillable;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A page of the audit log, newest first, and the cursor of the next (older) page. */
@Schema(name = "AuditPage")
@JsonbNillable
public record AuditPageView(
    List<AuditEntryView> entries,
    @Schema(
            nullable = true,
            description = "Pass as cursor for the next, older page; null on the last page")
        String nextCursor) {}
