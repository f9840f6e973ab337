package dev.vibegrapher.client;

import dev.vibegrapher.client.json.WireJsonb;
import dev.vibegrapher.client.project.TestCaseRequest;
import dev.vibegrapher.client.project.TestCaseResponse;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** A project's test cases, run against a diff's patched code. */
@RegisterRestClient(configKey = Vibegrapher.CONFIG_KEY)
@RegisterProvider(WireJsonb.class)
@RegisterProvider(ProblemMapper.class)
@RegisterClientHeaders(BearerToken.class)
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface TestCasesApi {

  /** The project's test cases, oldest first. */
  @GET
  @Path("projects/{projectId}/tests")
  List<TestCaseResponse> ofProject(@PathParam("projectId") String projectId);

  @POST
  @Path("projects/{projectId}/tests")
  TestCaseResponse create(@PathParam("projectId") String projectId, TestCaseRequest request);

  @GET
  @Path("tests/{id}")
  TestCaseResponse get(@PathParam("id") String id);

  @PUT
  @Path("tests/{id}")
  TestCaseResponse replace(@PathParam("id") String id, TestCaseRequest request);

  @DELETE
  @Path("tests/{id}")
  void delete(@PathParam("id") String id);
}
