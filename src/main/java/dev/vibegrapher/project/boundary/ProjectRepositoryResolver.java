package dev.vibegrapher.project.boundary;

import dev.vibegrapher.git.control.GitFailure;
import dev.vibegrapher.git.control.GitRepositories;
import dev.vibegrapher.project.control.ProjectService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.resolver.RepositoryResolver;

/**
 * "{slug}.git" in a clone URL names the project with that slug; its repository comes from {@link
 * GitRepositories}, wherever that keeps it. Anything else is "not found", without saying why.
 */
@ApplicationScoped
public class ProjectRepositoryResolver implements RepositoryResolver<HttpServletRequest> {

  static final String SUFFIX = ".git";

  @Inject ProjectService projects;
  @Inject GitRepositories git;

  @Override
  public Repository open(HttpServletRequest request, String name)
      throws RepositoryNotFoundException {
    String slug = name.endsWith(SUFFIX) ? name.substring(0, name.length() - SUFFIX.length()) : name;
    try {
      return projects
          .findBySlug(slug)
          .map(project -> git.repositoryOf(project.id()))
          .orElseThrow(() -> new RepositoryNotFoundException(slug));
    } catch (GitFailure unreadable) {
      // A row whose repository is gone (a deletion in flight): nothing to clone.
      throw new RepositoryNotFoundException(slug, unreadable);
    }
  }
}
