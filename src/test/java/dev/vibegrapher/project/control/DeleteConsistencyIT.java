package dev.vibegrapher.project.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibegrapher.support.Api;
import dev.vibegrapher.support.Flavor;
import dev.vibegrapher.support.RunningApp;
import dev.vibegrapher.support.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A delete whose database step fails leaves the repository and the rows as they were, and the
 * client gets a 500 with a correlation id that the log shares, without a stack trace. The failure
 * is real: another connection holds the project's row locked past the database's lock_timeout.
 */
class DeleteConsistencyIT {

  @Test
  void aFailedDeleteLeavesRepositoryAndRowsIntact() throws Exception {
    assumeTrue(Flavor.enabled().anyMatch(f -> f == Flavor.POSTGRESQL), "needs PostgreSQL (it.databases)");
    RunningApp app = RunningApp.prepare("delete-consistency", Flavor.POSTGRESQL, Map.of());
    TestDatabases.execute("ALTER DATABASE " + app.databaseName() + " SET lock_timeout = '1s'");
    try (app) {
      app.start();
      Api api = app.api();
      JsonNode project = api.post("/api/projects", Map.of("name", "Locked")).json();
      String id = project.get("id").asText();
      String testId = api.post("/api/projects/" + id + "/tests", Map.of("name", "t", "code", "assert True")).json().get("id").asText();
      Path repository = Path.of(project.get("repository_path").asText());

      TestDatabases.Database database = new TestDatabases.Database(app.databaseName(), app.environment().get("DATABASE_URL"), null, null);
      try (Connection lock = database.connect()) {
        lock.setAutoCommit(false);
        try (PreparedStatement select = lock.prepareStatement("SELECT id FROM projects WHERE id = ? FOR UPDATE")) {
          select.setString(1, id);
          select.executeQuery();
        }
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
