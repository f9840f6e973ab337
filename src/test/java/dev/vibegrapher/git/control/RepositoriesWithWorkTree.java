package dev.vibegrapher.git.control;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * Repositories as the server made them before new ones were bare, and as installations still have
 * them: a work tree and an index with {@code main} checked out, here committed by JGit's porcelain.
 */
final class RepositoriesWithWorkTree {

  private RepositoriesWithWorkTree() {}

  /** Such a repository in {@code directory} with one commit holding the file; returns its id. */
  static String create(Path directory, String filename, String content) throws Exception {
    try (Git git = Git.init().setDirectory(directory.toFile()).setInitialBranch("main").call()) {
      Path file = directory.resolve(filename);
      Files.createDirectories(file.getParent());
      Files.writeString(file, content);
      git.add().addFilepattern(filename).call();
      PersonIdent server = new PersonIdent("Test Author", "author@example.org");
      return git.commit()
          .setMessage("one")
          .setAuthor(server)
          .setCommitter(server)
          .setSign(false)
          .call()
          .getName();
    }
  }
}
