package dev.vibegrapher.audit.boundary;

import dev.vibegrapher.audit.control.AuditLog;
import dev.vibegrapher.audit.entity.AuditEntry;
import dev.vibegrapher.client.audit.AuditEntryView;
import dev.vibegrapher.client.audit.AuditPageView;
import dev.vibegrapher.platform.boundary.Paging;
import dev.vibegrapher.platform.entity.PageCursor;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@ApplicationScoped
@Path("audit")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Audit")
public class AuditResource {

  @Inject AuditLog log;

  @GET
  @RolesAllowed("admin")
  @Operation(
      summary =
          "Who did what and when, newest first: prompts, decisions on diffs, commits, reverts, test runs, deletions and token changes")
  @APIResponse(
      responseCode = "400",
      description = "limit out of range, or a cursor this server did not give")
  public AuditPageView page(
      @QueryParam("limit") @DefaultValue("50") String limitText,
      @QueryParam("cursor") String cursor,
      @QueryParam("project_id") String projectId) {
    AuditLog.AuditPage page =
        log.page(
            Paging.limit(limitText, Paging.MAX_LIMIT),
            Paging.after(cursor),
            Optional.ofNullable(projectId).filter(id -> !id.isBlank()));
    return new AuditPageView(
        page.entries().stream().map(AuditResource::view).toList(),
        page.next().map(PageCursor::encode).orElse(null));
  }

  static AuditEntryView view(AuditEntry entry) {
    return new AuditEntryView(
        entry.id(),
        entry.occurredAt(),
        new AuditEntryView.Actor(
            entry.actorSubject(),
            entry.actorName(),
            entry.actorEmail() == null ? "" : entry.actorEmail(),
            entry.actorRole()),
        entry.action().wireName(),
        entry.projectId(),
        entry.targetId(),
        entry.summary());
  }
}
