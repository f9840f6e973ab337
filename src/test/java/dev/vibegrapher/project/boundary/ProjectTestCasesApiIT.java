package dev.vibegrapher.project.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vibegrapher.client.ProblemException;
import dev.vibegrapher.client.TestCasesApi;
import dev.vibegrapher.client.Vibegrapher;
import dev.vibegrapher.client.json.WireJsonb;
import dev.vibegrapher.client.problem.Problem;
import dev.vibegrapher.client.project.CreateProjectRequest;
import dev.vibegrapher.client.project.TestCaseRequest;
import dev.vibegrapher.client.project.TestCaseResponse;
import dev.vibegrapher.support.AcrossDatabases;
import dev.vibegrapher.support.Api;
import dev.vibegrapher.support.Flavor;
import dev.vibegrapher.support.SharedApps;
import java.util.List;
import java.util.Map;
import java.util.UUID;

class ProjectTestCasesApiIT {

  @AcrossDatabases
  void createReadReplaceAndDeleteATestCase(Flavor flavor) throws Exception {
    Api api = SharedApps.api(flavor);
    Vibegrapher client = api.client();
    TestCasesApi testCases = client.testCases();
    String projectId =
        client
            .projects()
            .create(new CreateProjectRequest("tests " + UUID.randomUUID(), null, null))
            .id();

    // Raw: the 201 and its Location header are what is checked.
    Api.Reply created =
        api.post(
            "/api/projects/" + projectId + "/tests",
            Map.of(
                "name", "greets", "code", "assert greet('x') == 'Hello, x!'", "quick_test", true));
    assertEquals(201, created.status());
    TestCaseResponse test = WireJsonb.jsonb().fromJson(created.body(), TestCaseResponse.class);
    String id = test.id();
    assertEquals(projectId, test.projectId());
    assertEquals("greets", test.name());
    assertTrue(test.quickTest());
    assertTrue(created.header("Location").endsWith("/api/tests/" + id));
    assertEquals(test, testCases.get(id));

    assertEquals(List.of(test), testCases.ofProject(projectId));

    // No pause needed before the replacement: timestamps have microseconds, and a request takes
    // longer.
    TestCaseResponse changed =
        testCases.replace(id, new TestCaseRequest("greets politely", "assert True", false));
    assertEquals("greets politely", changed.name());
    assertEquals("assert True", changed.code());
    assertEquals(false, changed.quickTest());
    assertEquals(test.createdAt(), changed.createdAt());
    assertTrue(changed.updatedAt().isAfter(test.updatedAt()));
    assertEquals(changed, testCases.get(id));

    testCases.delete(id);
    assertEquals(404, assertThrows(ProblemException.class, () -> testCases.get(id)).status());
    assertEquals(0, testCases.ofProject(projectId).size());
  }

  @AcrossDatabases
  void refusesTestCasesOfUnknownProjectsAndInvalidOnes(Flavor flavor) {
    Vibegrapher client = SharedApps.api(flavor).client();
    TestCasesApi testCases = client.testCases();
    TestCaseRequest valid = new TestCaseRequest("n", "c", null);
    String unknown = UUID.randomUUID().toString();
    assertEquals(
        404, assertThrows(ProblemException.class, () -> testCases.create(unknown, valid)).status());
    assertEquals(
        404, assertThrows(ProblemException.class, () -> testCases.ofProject(unknown)).status());
    assertEquals(
        404,
        assertThrows(ProblemException.class, () -> testCases.replace(unknown, valid)).status());
    assertEquals(
        404, assertThrows(ProblemException.class, () -> testCases.delete(unknown)).status());

    String projectId =
        client.projects().create(new CreateProjectRequest("invalid tests", null, null)).id();
    ProblemException invalid =
        assertThrows(
            ProblemException.class,
            () -> testCases.create(projectId, new TestCaseRequest(" ", null, null)));
    assertEquals(400, invalid.status());
    assertEquals("validation", invalid.kind());
    assertEquals(
        List.of("code", "name"), invalid.errors().stream().map(Problem.FieldError::field).toList());
  }
}
