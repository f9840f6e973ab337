package dev.vibegrapher.project.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vibegrapher.client.Vibegrapher;
import dev.vibegrapher.client.project.CreateProjectRequest;
import dev.vibegrapher.client.project.ProjectResponse;
import dev.vibegrapher.client.project.TestCaseRequest;
import dev.vibegrapher.support.AcrossDatabases;
import dev.vibegrapher.support.Api;
import dev.vibegrapher.support.Flavor;
import dev.vibegrapher.support.GitRemote;
import dev.vibegrapher.support.LockTimeoutApp;
import dev.vibegrapher.support.RunningApp;
import java.nio.file.Files;
import java.sql.Connection;
import java.util.Map;

/**
 * A delete whose database step fails leaves the repository and the rows as they were, and the
 * client gets a 500 with a correlation id that the log shares, without a stack trace. The failure
 * is real, on each database: another connection holds the project's row locked past the database's
 * lock timeout.
 */
class DeleteConsistencyIT {

  @AcrossDatabases
  void aFailedDeleteLeavesRepositoryAndRowsIntact(Flavor flavor) throws Exception {
    try (RunningApp app =
        LockTimeoutApp.prepare(
            "delete-consistency-" + flavor.name().toLowerCase(), flavor, Map.of())) {
      app.start();
      Api api = app.api();
      Vibegrapher client = api.client();
      ProjectResponse project =
          client.projects().create(new CreateProjectRequest("Locked", null, null));
      String id = project.id();
      String testId =
          client.testCases().create(id, new TestCaseRequest("t", "assert True", null)).id();

      try (Connection lock = LockTimeoutApp.connect(app, flavor)) {
        LockTimeoutApp.lockRow(lock, "projects", id);
        // Raw: the answer's content type and its bytes (no stack trace) are what is checked.
        Api.Reply failed = api.delete("/api/projects/" + id);

        assertEquals(500, failed.status(), failed.body());
        assertTrue(failed.contentType().startsWith("application/problem+json"));
        String correlationId = failed.json().get("correlation_id").asText();
        assertFalse(failed.body().contains("at org."), "no stack trace for the client");
        String log = Files.readString(app.log());
        assertTrue(log.contains(correlationId), "the log names the same correlation id");
        assertTrue(log.contains("lock"), "the log has the cause");
        lock.rollback();
      }

      assertTrue(GitRemote.exists(app, project.slug()), "the repository is still there");
      assertEquals(project, client.projects().get(id));
      assertEquals(testId, client.testCases().get(testId).id());

      client.projects().delete(id);
      assertFalse(GitRemote.exists(app, project.slug()));
    }
  }
}
