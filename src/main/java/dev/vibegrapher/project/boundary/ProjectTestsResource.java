package dev.vibegrapher.project.boundary;

import dev.vibegrapher.client.project.TestCaseRequest;
import dev.vibegrapher.client.project.TestCaseResponse;
import dev.vibegrapher.identity.control.Callers;
import dev.vibegrapher.project.control.ProjectService;
import dev.vibegrapher.project.control.TestCaseStore;
import dev.vibegrapher.project.entity.TestCase;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@ApplicationScoped
@Path("projects/{projectId}/tests")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Test cases")
public class ProjectTestsResource {

  @Inject ProjectService projects;
  @Inject TestCaseStore tests;

  @GET
  @RolesAllowed("viewer")
  @Operation(summary = "The project's test cases, oldest first")
  public List<TestCaseResponse> list(@PathParam("projectId") String projectId) {
    projects.project(projectId);
    return tests.ofProject(projectId).stream().map(ProjectViews::testCase).toList();
  }

  @POST
  @RolesAllowed("editor")
  @Operation(summary = "Add a test case to the project")
  @APIResponse(responseCode = "201", description = "Created")
  public Response create(
      @PathParam("projectId") String projectId,
      TestCaseRequest request,
      @Context UriInfo uri,
      @Context SecurityContext security) {
    TestCase created =
        projects.changing(
            projectId,
            project ->
                tests.insert(
                    new TestCase(
                        projectId,
                        request.name(),
                        request.code(),
                        Boolean.TRUE.equals(request.quickTest())),
                    Callers.of(security)));
    return Response.created(uri.getBaseUriBuilder().path("tests").path(created.id()).build())
        .entity(ProjectViews.testCase(created))
        .build();
  }
}
