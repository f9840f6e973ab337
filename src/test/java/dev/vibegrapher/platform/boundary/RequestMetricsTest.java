package dev.vibegrapher.platform.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vibegrapher.project.boundary.ProjectsResource;
import dev.vibegrapher.review.boundary.DiffsResource;
import org.junit.jupiter.api.Test;

/** The path tag is the route's template: bounded, whatever ids the requests carry. */
class RequestMetricsTest {

  @Test
  void theTemplateJoinsTheApplicationTheClassAndTheMethodPaths() throws Exception {
    assertEquals(
        "/api/projects",
        RequestMetrics.template(
            ProjectsResource.class.getMethod("list", String.class, String.class)));
    assertEquals(
        "/api/projects/{id}",
        RequestMetrics.template(ProjectsResource.class.getMethod("get", String.class)));
    assertEquals(
        "/api/diffs/{id}/commit",
        RequestMetrics.template(
            DiffsResource.class.getMethod(
                "commit",
                String.class,
                dev.vibegrapher.client.review.CommitRequest.class,
                jakarta.ws.rs.core.SecurityContext.class)));
  }

  @Test
  void onlyKnownMethodsAreTagsOthersAreOneTag() {
    for (String method :
        new String[] {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}) {
      assertEquals(method, RequestMetrics.methodTag(method));
    }
    for (String method : new String[] {"BREW", "get", "TRACE", "PROPFIND", "X".repeat(1000)}) {
      assertEquals("OTHER", RequestMetrics.methodTag(method));
    }
  }

  @Test
  void aRegularExpressionInATemplateIsLeftOut() throws Exception {
    assertEquals(
        "/api/projects/{id}/files/{path}",
        RequestMetrics.template(
            ProjectsResource.class.getMethod("file", String.class, String.class)));
  }
}
