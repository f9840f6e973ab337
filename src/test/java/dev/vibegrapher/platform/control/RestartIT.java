package dev.vibegrapher.platform.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibegrapher.support.AcrossDatabases;
import dev.vibegrapher.support.Api;
import dev.vibegrapher.support.Flavor;
import dev.vibegrapher.support.RunningApp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An app restarted on the same data keeps everything; a reset starts over with the sample. */
class RestartIT {

  @AcrossDatabases
  void aRestartKeepsEverythingAndDoesNotSeedAgain(Flavor flavor) {
    try (RunningApp app =
        RunningApp.prepare("restart-" + flavor.name().toLowerCase(), flavor, Map.of(), true)
            .start()) {
      Api api = app.api();
      JsonNode sample = api.get("/api/projects").json().get("projects").get(0);
      assertEquals("agent-triage-system", sample.get("slug").asText());
      assertEquals(204, api.delete("/api/projects/" + sample.get("id").asText()).status());
      JsonNode project =
          api.post(
                  "/api/projects",
                  Map.of("name", "Keeps", "filename", "app.py", "initial_code", "print(1)\n"))
              .json();
      String id = project.get("id").asText();
      JsonNode test =
          api.post(
                  "/api/projects/" + id + "/tests",
                  Map.of("name", "runs", "code", "assert True", "quick_test", true))
              .json();

      app.stop();
      app.start();

      JsonNode projects = api.get("/api/projects").json().get("projects");
      assertEquals(1, projects.size(), "the deleted sample is not seeded again: " + projects);
      assertEquals(id, projects.get(0).get("id").asText());
      assertEquals(project, api.get("/api/projects/" + id).json());
      assertEquals(test, api.get("/api/tests/" + test.get("id").asText()).json());
      assertEquals(
          "print(1)\n",
          api.get("/api/projects/" + id + "/files/app.py").json().get("content").asText());
    }
  }

  @AcrossDatabases
  void resetDropsEverythingAndSeedsTheSampleAgain(Flavor flavor) {
    try (RunningApp app =
        RunningApp.prepare("reset-" + flavor.name().toLowerCase(), flavor, Map.of()).start()) {
      Api api = app.api();
      JsonNode project = api.post("/api/projects", Map.of("name", "Gone after reset")).json();

      app.stop();
      app.environment().put("VIBEGRAPHER_RESET", "true");
      app.start();

      List<String> slugs = new ArrayList<>();
      api.allProjects().forEach(p -> slugs.add(p.get("slug").asText()));
      assertEquals(List.of("agent-triage-system"), slugs);
      assertFalse(java.nio.file.Files.exists(app.repositoryOf(project)));
      assertTrue(
          java.nio.file.Files.isDirectory(
              app.dataDirectory().resolve("projects/agent-triage-system/.git")));
    }
  }
}
