package dev.vibegrapher.project.control;

import dev.vibegrapher.git.control.RepositoryLocations;
import dev.vibegrapher.platform.control.DatabaseReady;
import dev.vibegrapher.platform.control.InstallationFacts;
import dev.vibegrapher.project.entity.TestCase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Once the database is ready: clears the repositories on a reset, sweeps repositories left by
 * interrupted deletions, and seeds the sample project on an installation's first start.
 */
@ApplicationScoped
public class ProjectsStartup {

  static final String SAMPLE_SEEDED = "sample-project-seeded";
  private static final Logger LOG = Logger.getLogger(ProjectsStartup.class.getName());

  @Inject
  @ConfigProperty(name = "vibegrapher.seed")
  boolean seed;

  @Inject ProjectService projects;
  @Inject TestCaseStore testCases;
  @Inject InstallationFacts facts;
  @Inject RepositoryLocations repositories;

  void onDatabaseReady(@Observes DatabaseReady ready) {
    if (ready.reset()) {
      repositories.delete(repositories.root());
    }
    repositories.leftAside().forEach(repositories::delete);
    if (seed && !facts.isRecorded(SAMPLE_SEEDED)) {
      seedSample();
      facts.record(SAMPLE_SEEDED);
    }
  }

  private void seedSample() {
    var sample = projects.create("Agent Triage System", "agents.py", resource("agents.py"));
    String projectId = sample.project().id();
    testCases.insert(
        new TestCase(projectId, "Test triage routing", resource("test_triage_routing.py"), false));
    testCases.insert(
        new TestCase(projectId, "Test quick response", resource("test_quick_response.py"), true));
    LOG.info("Seeded the sample project agent-triage-system");
  }

  private static String resource(String name) {
    try (InputStream in = ProjectsStartup.class.getResourceAsStream("/sample/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
