package dev.vibegrapher.project.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibegrapher.support.AcrossDatabases;
import dev.vibegrapher.support.Api;
import dev.vibegrapher.support.Flavor;
import dev.vibegrapher.support.LockTimeoutApp;
import dev.vibegrapher.support.RunningApp;
import java.nio.file.Files;
import java.nio.file.Path;
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
      JsonNode project = api.post("/api/projects", Map.of("name", "Locked")).json();
      String id = project.get("id").asText();
      String testId =
          api.post("/api/projects/" + id + "/tests", Map.of("name", "t", "code", "assert True"))
              .json()
              .get("id")
              .asText();
      Path repository = app.repositoryOf(project);

      try (Connection lock = LockTimeoutApp.connect(app, flavor)) {
        LockTimeoutApp.lockRow(lock, "projects", id);
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

      assertTrue(Files.isRegularFile(repository.resolve("main.py")), "repository restored");
      assertEquals(project, api.get("/api/projects/" + id).json());
      assertEquals(200, api.get("/api/tests/" + testId).status());

      assertEquals(204, api.delete("/api/projects/" + id).status());
      assertFalse(Files.exists(repository));
    }
  }
}
