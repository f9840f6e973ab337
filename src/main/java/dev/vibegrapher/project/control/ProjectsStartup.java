package dev.vibegrapher.project.control;

import dev.vibegrapher.git.control.DatabaseRepositories;
import dev.vibegrapher.git.control.DiskRepositoryImport;
import dev.vibegrapher.git.control.RepositoryLocations;
import dev.vibegrapher.platform.control.DatabaseReady;
import dev.vibegrapher.platform.control.InstallationFacts;
import dev.vibegrapher.project.entity.Project;
import dev.vibegrapher.project.entity.TestCase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Once the database is ready, before anything is served: imports the repositories an earlier
 * release kept on disk into the database, sweeps what that release's interrupted deletions left
 * (and, on a reset, its repositories), and seeds the sample project on an installation's first
 * start.
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
  @Inject DatabaseRepositories stored;
  @Inject ProjectStore store;

  void onDatabaseReady(@Observes DatabaseReady ready) {
    if (ready.reset()) {
      repositories.delete(repositories.root());
    }
    repositories.leftAside().forEach(repositories::delete);
    importFromDisk();
    if (seed && !facts.isRecorded(SAMPLE_SEEDED)) {
      seedSample();
      facts.record(SAMPLE_SEEDED);
    }
  }

  /**
   * Each project whose repository is still a directory of an earlier release gets it imported,
   * checked object for object, with the directory kept aside ({@link DiskRepositoryImport}). A
   * failure stops the start (readiness stays down, the log says why): serving a project without its
   * history would be worse, and the next start tries again.
   */
  private void importFromDisk() {
    if (!Files.isDirectory(repositories.root())) {
      return;
    }
    DiskRepositoryImport importer =
        new DiskRepositoryImport(
            stored, DiskRepositoryImport.keptAsideUnder(repositories.root().getParent()));
    for (Project project : store.newestFirst(Integer.MAX_VALUE, Optional.empty())) {
      Path directory = repositories.of(project.slug());
      if (DiskRepositoryImport.holdsRepository(directory)) {
        importer.importRepository(directory, project.id());
      }
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
