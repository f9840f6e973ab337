package dev.vibegrapher.project.boundary;

import dev.vibegrapher.client.project.TestCaseRequest;
import dev.vibegrapher.client.project.TestCaseResponse;
import dev.vibegrapher.identity.control.Callers;
import dev.vibegrapher.project.control.TestCaseStore;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@ApplicationScoped
@Path("tests/{id}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Test cases")
public class TestCasesResource {

  @Inject TestCaseStore tests;

  @GET
  @RolesAllowed("viewer")
  @Operation(summary = "One test case")
  public TestCaseResponse get(@PathParam("id") String id) {
    return ProjectViews.testCase(tests.find(id));
  }

  @PUT
  @RolesAllowed("editor")
  @Operation(summary = "Replace a test case's name, code and quick flag")
  public TestCaseResponse replace(
      @PathParam("id") String id, TestCaseRequest request, @Context SecurityContext security) {
    return ProjectViews.testCase(
        tests.change(
            id,
            request.name(),
            request.code(),
            Boolean.TRUE.equals(request.quickTest()),
            Callers.of(security)));
  }

  @DELETE
  @RolesAllowed("editor")
  @Operation(summary = "Delete a test case")
  public void delete(@PathParam("id") String id, @Context SecurityContext security) {
    tests.delete(id, Callers.of(security));
  }
}
