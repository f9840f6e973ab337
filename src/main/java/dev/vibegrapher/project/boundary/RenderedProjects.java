package dev.vibegrapher.project.boundary;

import dev.vibegrapher.platform.control.WireFormat;
import dev.vibegrapher.project.entity.ProjectDeleted;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each project's JSON, written once per distinct state: the list is read far more often than any
 * project changes, and writing the JSON was a quarter of a list request's cost.
 */
@ApplicationScoped
public class RenderedProjects {

  private record Rendered(ProjectResponse response, String json) {}

  private final Map<String, Rendered> rendered = new ConcurrentHashMap<>();

  String json(ProjectResponse response) {
    Rendered last = rendered.get(response.id());
    if (last != null && last.response().equals(response)) {
      return last.json();
    }
    String json = WireFormat.JSONB.toJson(response);
    rendered.put(response.id(), new Rendered(response, json));
    return json;
  }

  String jsonArray(List<ProjectResponse> responses) {
    StringBuilder array = new StringBuilder(responses.size() * 512).append('[');
    for (ProjectResponse response : responses) {
      if (array.length() > 1) {
        array.append(',');
      }
      array.append(json(response));
    }
    return array.append(']').toString();
  }

  void forget(@Observes ProjectDeleted deleted) {
    rendered.remove(deleted.projectId());
  }
}
