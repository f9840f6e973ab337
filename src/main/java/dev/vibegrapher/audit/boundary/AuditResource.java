package dev.vibegrapher.audit.boundary;

import dev.vibegrapher.audit.control.AuditCursor;
import dev.vibegrapher.audit.control.AuditLog;
import dev.vibegrapher.platform.boundary.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@ApplicationScoped
@Path("audit")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Audit")
public class AuditResource {

  static final int MAX_LIMIT = 200;

  @Inject AuditLog log;

  @GET
  @RolesAllowed("admin")
  @Operation(summary = "Who did what and when, newest first: prompts, decisions on diffs, commits, reverts, test runs, deletions and token changes")
  @APIResponse(responseCode = "400", description = "limit out of range, or a cursor this server did not give")
  public AuditPageView page(@QueryParam("limit") @DefaultValue("50") String limitText, @QueryParam("cursor") String cursor,
      @QueryParam("project_id") String projectId) {
    int limit = limitText.matches("[0-9]{1,4}") ? Integer.parseInt(limitText) : -1;
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new ProblemException(Response.Status.BAD_REQUEST, "invalid-limit", "limit must be between 1 and " + MAX_LIMIT + ".",
          Map.of("max_limit", MAX_LIMIT));
    }
    Optional<AuditCursor> after = Optional.empty();
    if (cursor != null) {
      after = Optional.of(AuditCursor.decode(cursor).orElseThrow(() -> new ProblemException(Response.Status.BAD_REQUEST,
          "invalid-cursor", "cursor must be a next_cursor this server gave.", Map.of())));
    }
    AuditLog.AuditPage page = log.page(limit, after, Optional.ofNullable(projectId).filter(id -> !id.isBlank()));
    return new AuditPageView(page.entries().stream().map(AuditEntryView::of).toList(), page.next().map(AuditCursor::encode).orElse(null));
  }
}
