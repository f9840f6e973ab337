package dev.vibegrapher.project.control;

import dev.vibegrapher.audit.control.AuditLog;
import dev.vibegrapher.audit.entity.AuditAction;
import dev.vibegrapher.git.control.GitRepositories;
import dev.vibegrapher.git.entity.Branch;
import dev.vibegrapher.git.entity.CommitEntry;
import dev.vibegrapher.git.entity.HeadState;
import dev.vibegrapher.git.entity.RepositoryFile;
import dev.vibegrapher.identity.entity.Caller;
import dev.vibegrapher.platform.entity.PageCursor;
import dev.vibegrapher.project.entity.Project;
import dev.vibegrapher.project.entity.ProjectDeleted;
import dev.vibegrapher.project.entity.ProjectState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

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

  @Inject ProjectStore store;
  @Inject GitRepositories git;
  @Inject ProjectGuard guard;
  @Inject Instance<ProjectWork> work;
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
    // One read of every listed repository's HEAD; a list shows no code.
    Map<String, HeadState> heads = git.heads(shown.stream().map(Project::id).toList());
    return new ProjectPage(
        shown.stream()
            .map(project -> new ProjectState(project, project.id(), heads.get(project.id())))
            .toList(),
        next);
  }

  public record ProjectPage(List<ProjectState> projects, Optional<PageCursor> next) {}

  public ProjectState find(String id) {
    return stateOf(project(id));
  }

  /** The project whose repository is named by this slug (as in a clone URL); empty if none. */
  /** The project with this slug, without reading its repository (a clone reads it itself). */
  public Optional<Project> findBySlug(String slug) {
    return store.findBySlug(slug);
  }

  public Project project(String id) {
    return store
        .find(id)
        .orElseThrow(() -> new NotFoundException("No project with id " + id + "."));
  }

  /**
   * Adds or removes rows of the project (a session, a test case, a run) holding it, as commits,
   * decisions and the project's deletion do: a row added lands before a deletion, which takes it
   * along, or finds the project gone (404); a session removed goes before a commit of its diff or
   * after it, never in between.
   */
  public <T> T changing(String id, Function<Project, T> change) {
    return guard.holding(id, () -> change.apply(project(id)));
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
   * Stores the row and makes its repository with the initial commit in one transaction: both or
   * neither. A slug another project holds fails the insert (the slug is unique), and the next free
   * one is tried; the database is asked for the slugs in use only then.
   */
  private ProjectState create(
      String name, String filename, String initialCode, Consumer<Project> alsoStored) {
    String file = filename == null || filename.isBlank() ? DEFAULT_FILENAME : filename;
    String code = initialCode == null ? DEFAULT_CODE : initialCode;
    String base = Slugs.of(name);
    Set<String> taken = new HashSet<>();
    while (true) {
      String slug = Slugs.firstFree(base, taken);
      try {
        List<HeadState> head = new ArrayList<>(1);
        Project project =
            store.insert(
                new Project(name.strip(), slug, file),
                created -> {
                  head.add(git.create(created.id(), file, code, INITIAL_COMMIT_MESSAGE));
                  alsoStored.accept(created);
                });
        return new ProjectState(project, project.id(), head.get(0));
      } catch (RuntimeException e) {
        taken.add(slug);
        if (!slugInDatabase(base, slug, taken, e)) {
          throw e;
        }
      }
    }
  }

  /** Another instance deleted it: its repository's HEAD kept here goes too. */
  void forgetRepository(@Observes ProjectDeleted gone) {
    if (gone.elsewhere()) {
      git.forgetDeletedElsewhere(gone.projectId());
    }
  }

  /** Rows and repository go together, in one transaction. */
  public void delete(String id, Caller deleter) {
    // Holding the project: a commit or a decision in flight finishes first, or finds the project
    // gone; no run starts in it meanwhile.
    guard.holding(id, () -> deleteHeld(project(id), deleter));
  }

  private void deleteHeld(Project project, Caller deleter) {
    String id = project.id();
    work.forEach(inProgress -> inProgress.refuseDeletionWhileWorking(id));
    Runnable recorded =
        () ->
            audit.record(
                deleter, AuditAction.PROJECT_DELETED, id, id, "Deleted project " + project.name());
    if (!store.delete(id, recorded)) {
      throw new NotFoundException("No project with id " + id + ".");
    }
    git.delete(id);
    // A fact once the deletion has committed: what observers forget stays if it does not.
    guard.afterCommit(() -> deleted.fire(new ProjectDeleted(id, project.slug(), false)));
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
    return git.branches(project(id).id());
  }

  public List<RepositoryFile> files(String id) {
    return git.listFiles(project(id).id());
  }

  public String fileContent(String id, String path) {
    return git.readFile(project(id).id(), path)
        .orElseThrow(() -> new NotFoundException("No file " + path + " in this project."));
  }

  private ProjectState stateOf(Project project) {
    return new ProjectState(
        project, project.id(), git.head(project.id(), project.filename()).orElse(null));
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
