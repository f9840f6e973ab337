package dev.vibegrapher.project.boundary;

import jakarta.inject.Inject;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.HttpConstraint;
import jakarta.servlet.annotation.ServletSecurity;
import jakarta.servlet.annotation.WebServlet;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.http.server.resolver.AsIsFileService;
import org.eclipse.jgit.transport.resolver.ServiceNotEnabledException;

/**
 * {@code git clone} and {@code git fetch} of a project over git's smart HTTP, read-only: JGit's
 * upload-pack serves what the project's repository holds; pushes are refused (receive-pack is off,
 * since every change goes through review), and so is git's "dumb" protocol, which would serve a
 * repository's files from disk. Reading code is a viewer's right, as through the API; the caller
 * comes from the API's authentication (a token, also as the password of HTTP Basic).
 */
@WebServlet(urlPatterns = GitCloneServlet.PATH + "/*", loadOnStartup = 1)
@ServletSecurity(@HttpConstraint(rolesAllowed = "viewer"))
public class GitCloneServlet extends GitServlet {

  public static final String PATH = "/git";

  @Inject ProjectRepositoryResolver repositories;

  @Override
  public void init(ServletConfig config) throws ServletException {
    setRepositoryResolver(repositories);
    setReceivePackFactory(
        (request, repository) -> {
          throw new ServiceNotEnabledException();
        });
    setAsIsFileService(AsIsFileService.DISABLED);
    super.init(config);
  }
}
