package dev.vibegrapher.platform.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vibegrapher.client.Vibegrapher;
import dev.vibegrapher.client.project.CreateProjectRequest;
import dev.vibegrapher.client.project.ProjectResponse;
import dev.vibegrapher.client.project.ProjectSummary;
import dev.vibegrapher.client.project.TestCaseRequest;
import dev.vibegrapher.client.project.TestCaseResponse;
import dev.vibegrapher.support.AcrossDatabases;
import dev.vibegrapher.support.Api;
import dev.vibegrapher.support.Flavor;
import dev.vibegrapher.support.GitRemote;
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
      Vibegrapher api = app.api().client();
      ProjectSummary sample = api.projects().list(null, null).projects().get(0);
      assertEquals("agent-triage-system", sample.slug());
      api.projects().delete(sample.id());
      ProjectResponse project =
          api.projects().create(new CreateProjectRequest("Keeps", "app.py", "print(1)\n"));
      String id = project.id();
      TestCaseResponse test =
          api.testCases().create(id, new TestCaseRequest("runs", "assert True", true));

      app.stop();
      app.start();

      List<ProjectSummary> projects = api.projects().list(null, null).projects();
      assertEquals(1, projects.size(), "the deleted sample is not seeded again: " + projects);
      assertEquals(id, projects.get(0).id());
      assertEquals(project, api.projects().get(id));
      assertEquals(test, api.testCases().get(test.id()));
      assertEquals("print(1)\n", api.projects().file(id, "app.py").content());
    }
  }

  @AcrossDatabases
  void resetDropsEverythingAndSeedsTheSampleAgain(Flavor flavor) {
    try (RunningApp app =
        RunningApp.prepare("reset-" + flavor.name().toLowerCase(), flavor, Map.of()).start()) {
      Api api = app.api();
      ProjectResponse project =
          api.client().projects().create(new CreateProjectRequest("Gone after reset", null, null));

      app.stop();
      app.environment().put("VIBEGRAPHER_RESET", "true");
      app.start();

      List<String> slugs = new ArrayList<>();
      api.allProjects().forEach(p -> slugs.add(p.get("slug").asText()));
      assertEquals(List.of("agent-triage-system"), slugs);
      assertFalse(GitRemote.exists(app, project.slug()), "the repository went with the reset");
      assertTrue(
          GitRemote.exists(app, "agent-triage-system"),
          "the sample project's repository is made again");
    }
  }
}
