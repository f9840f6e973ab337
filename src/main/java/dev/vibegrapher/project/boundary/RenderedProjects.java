package dev.vibegrapher.project.boundary;

import dev.vibegrapher.client.project.ProjectPage;
import dev.vibegrapher.client.project.ProjectSummary;
import dev.vibegrapher.platform.control.WireFormat;
import dev.vibegrapher.project.entity.ProjectDeleted;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each listed project's JSON, written once per distinct state: the list is read far more often than
 * any project changes, and writing the JSON was a quarter of a list request's cost. Kept only for
 * projects that exist (dropped when one is deleted).
 */
@ApplicationScoped
public class RenderedProjects {

  private record Rendered(ProjectSummary summary, String json) {}

  private final Map<String, Rendered> rendered = new ConcurrentHashMap<>();

  String json(ProjectSummary summary) {
    Rendered last = rendered.get(summary.id());
    if (last != null && last.summary().equals(summary)) {
      return last.json();
    }
    String json = WireFormat.JSONB.toJson(summary);
    rendered.put(summary.id(), new Rendered(summary, json));
    return json;
  }

  /** {@code {"projects": [...], "next_cursor": ...}}, as {@link ProjectPage} describes it. */
  String page(List<ProjectSummary> summaries, Optional<String> nextCursor) {
    StringBuilder page = new StringBuilder(summaries.size() * 384 + 64).append("{\"projects\":[");
    for (int i = 0; i < summaries.size(); i++) {
      page.append(i == 0 ? "" : ",").append(json(summaries.get(i)));
    }
    // A cursor is URL-safe base64: nothing in it needs escaping.
    return page.append("],\"next_cursor\":")
        .append(nextCursor.map(c -> '"' + c + '"').orElse("null"))
        .append('}')
        .toString();
  }

  void forget(@Observes ProjectDeleted deleted) {
    rendered.remove(deleted.projectId());
  }
}
