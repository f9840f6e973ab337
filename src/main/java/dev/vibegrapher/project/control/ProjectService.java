package dev.vibegrapher.project.control;

import dev.vibegrapher.audit.control.AuditLog;
import dev.vibegrapher.audit.entity.AuditAction;
import dev.vibegrapher.git.control.GitRepositories;
import dev.vibegrapher.git.control.RepositoryLocations;
import dev.vibegrapher.git.entity.Branch;
import dev.vibegrapher.git.entity.CommitEntry;
import dev.vibegrapher.git.entity.HeadState;
import dev.vibegrapher.git.entity.RepositoryFile;
import dev.vibegrapher.identity.entity.Caller;
import dev.vibegrapher.platform.entity.PageCursor;
import dev.vibegrapher.project.entity.Project;
import dev.vibegrapher.project.entity.ProjectDeleted;
import dev.vibegrapher.project.entity.ProjectDeleting;
import dev.vibegrapher.project.entity.ProjectState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Projects as rows and repositories together: neither exists without the other. */
@ApplicationScoped
public class ProjectService {

  @Inject AuditLog audit;

  public static final String DEFAULT_FILENAME = "main.py";
  public static final String INITIAL_COMMIT_MESSAGE = "Initial project setup";
  static final String DEFAULT_CODE =
      """
      def greet(name):
          return f"Hello, {name}!"


      def main():
          print(greet("world"))


      if __name__ == "__main__":
          main()
      """;
  private static final Logger LOG = Logger.getLogger(ProjectService.class.getName());

  @Inject ProjectStore store;
  @Inject GitRepositories git;
  @Inject RepositoryLocations repositories;
  @Inject ProjectLocks locks;
  @Inject Event<ProjectDeleting> deleting;
  @Inject Event<ProjectDeleted> deleted;

  /** A page of projects, newest first; one more is read to know whether a next page exists. */
  public ProjectPage newestFirst(int limit, Optional<PageCursor> after) {
    List<Project> found = store.newestFirst(limit + 1, after);
    List<Project> shown = found.size() > limit ? found.subList(0, limit) : found;
    Optional<PageCursor> next =
        found.size() > limit
            ? Optional.of(
                new PageCursor(shown.get(limit - 1).createdAt(), shown.get(limit - 1).id()))
            : Optional.empty();
    return new ProjectPage(shown.stream().map(this::stateOf).toList(), next);
  }

  public record ProjectPage(List<ProjectState> projects, Optional<PageCursor> next) {}

  public ProjectState find(String id) {
    return stateOf(project(id));
  }

  /** The project whose repository is named by this slug (as in a clone URL); empty if none. */
  public Optional<ProjectState> findBySlug(String slug) {
    return store.findBySlug(slug).map(this::stateOf);
  }

  public Project project(String id) {
    return store
        .find(id)
        .orElseThrow(() -> new NotFoundException("No project with id " + id + "."));
  }

  /**
   * Adds or removes rows of the project (a session, a test case) under its lock, the one that
   * commits, decisions and the project's deletion take: a row added lands before a deletion, which
   * takes it along, or finds the project gone (404); a session removed goes before a commit of its
   * diff or after it, never in between.
   */
  public <T> T changing(String id, Function<Project, T> change) {
    return locks.locked(id, () -> change.apply(project(id)));
  }

  /** A project created by a person, recorded in the audit log with it. */
  public ProjectState create(String name, String filename, String initialCode, Caller creator) {
    return create(
        name,
        filename,
        initialCode,
        project ->
            audit.record(
                creator,
                AuditAction.PROJECT_CREATED,
                project.id(),
                project.id(),
                "Created project " + project.name() + " (" + project.slug() + ")"));
  }

  /** A project the server creates itself (the sample): nobody to record. */
  public ProjectState create(String name, String filename, String initialCode) {
    return create(name, filename, initialCode, project -> {});
  }

  /**
   * Claims a free slug by creating its directory (atomic, so concurrent creations never share one),
   * commits the initial file, then stores the row; a failure removes the repository again. The
   * database is asked for the slugs in use only when the first choice is taken: a directory that
   * exists, or a row whose repository is missing, which fails the insert on the unique slug.
   */
  private ProjectState create(
      String name, String filename, String initialCode, Consumer<Project> alsoStored) {
    String file = filename == null || filename.isBlank() ? DEFAULT_FILENAME : filename;
    String code = initialCode == null ? DEFAULT_CODE : initialCode;
    String base = Slugs.of(name);
    Set<String> taken = new HashSet<>();
    boolean askedDatabase = false;
    while (true) {
      String slug = Slugs.firstFree(base, taken);
      Path repository = repositoryOf(slug);
      if (!repositories.claim(repository)) {
        taken.add(slug);
        if (!askedDatabase) {
          taken.addAll(store.slugsStartingWith(base));
          askedDatabase = true;
        }
        continue;
      }
      try {
        HeadState head = git.create(repository, file, code, INITIAL_COMMIT_MESSAGE);
        return new ProjectState(
            store.insert(new Project(name.strip(), slug, file), alsoStored), repository, head);
      } catch (RuntimeException e) {
        repositories.delete(repository);
        taken.add(slug);
        if (!slugInDatabase(base, slug, taken, e)) {
          throw e;
        }
        askedDatabase = true;
      }
    }
  }

  /** Rows and repository go together: the repository is set aside until the rows are deleted. */
  public void delete(String id, Caller deleter) {
    // Under the project's lock: a commit or a decision in flight finishes first, or finds the
    // project gone.
    locks.locked(
        id,
        () -> {
          String name = project(id).name();
          Runnable recorded =
              () ->
                  audit.record(
                      deleter, AuditAction.PROJECT_DELETED, id, id, "Deleted project " + name);
          ProjectDeleting deletion = new ProjectDeleting(id);
          try {
            deleteLocked(id, deletion, recorded);
          } finally {
            deletion.whenEnded().forEach(Runnable::run);
          }
        });
  }

  private void deleteLocked(String id, ProjectDeleting deletion, Runnable recorded) {
    String slug = project(id).slug();
    deleting.fire(deletion);
    Path repository = repositoryOf(slug);
    Path aside = Files.exists(repository) ? repositories.moveAside(repository) : null;
    try {
      if (!store.delete(id, recorded)) {
        throw new NotFoundException("No project with id " + id + ".");
      }
    } catch (RuntimeException e) {
      if (aside != null) {
        repositories.moveBack(aside, repository);
      }
      throw e;
    }
    if (aside != null) {
      try {
        repositories.delete(aside);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "Deleted project's repository left for the next start-up sweep", e);
      }
    }
    deleted.fire(new ProjectDeleted(id, slug));
  }

  /**
   * A branch's history, newest first (the checked-out branch when none is named): 404 for a branch
   * the repository does not have.
   */
  public List<CommitEntry> commits(String id, String branch, int limit, String before) {
    ProjectState state = find(id);
    String wanted =
        branch != null
            ? branch
            : state.head() == null ? GitRepositories.DEFAULT_BRANCH : state.head().branch();
    if (git.branches(state.repository()).stream()
        .noneMatch(existing -> existing.name().equals(wanted))) {
      throw new NotFoundException("The project has no branch " + wanted + ".");
    }
    return git.log(state.repository(), wanted, limit, before);
  }

  public List<Branch> branches(String id) {
    return git.branches(repositoryOf(project(id).slug()));
  }

  public List<RepositoryFile> files(String id) {
    return git.listFiles(repositoryOf(project(id).slug()));
  }

  public String fileContent(String id, String path) {
    Path repository = repositoryOf(project(id).slug());
    return git.readFile(repository, path)
        .orElseThrow(() -> new NotFoundException("No file " + path + " in this project."));
  }

  private ProjectState stateOf(Project project) {
    Path repository = repositoryOf(project.slug());
    HeadState head =
        Files.isDirectory(repository)
            ? git.head(repository, project.filename()).orElse(null)
            : null;
    return new ProjectState(project, repository, head);
  }

  Path repositoryOf(String slug) {
    return repositories.of(slug);
  }

  /** Whether the slug is a row's after all; adds the slugs in use to {@code taken}. */
  private boolean slugInDatabase(
      String base, String slug, Set<String> taken, RuntimeException failure) {
    try {
      List<String> inDatabase = store.slugsStartingWith(base);
      taken.addAll(inDatabase);
      return inDatabase.contains(slug);
    } catch (RuntimeException queryFailure) {
      failure.addSuppressed(queryFailure);
      return false;
    }
  }
}
