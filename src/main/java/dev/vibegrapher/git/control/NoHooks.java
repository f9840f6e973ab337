package dev.vibegrapher.git.control;

import java.io.File;
import java.io.OutputStream;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.FS_POSIX;
import org.eclipse.jgit.util.ProcessResult;

/**
 * The file system JGit sees our repositories through, with hooks removed: JGit runs pre-commit,
 * commit-msg and post-commit hooks it finds in .git/hooks (or core.hooksPath), and {@code
 * setNoVerify} skips only the first two. A hook is a program with the server's rights, and
 * repositories are written by many hands, so none runs, whatever a repository's files or config
 * say.
 */
final class NoHooks extends FS_POSIX {

  NoHooks() {
    super(FS.DETECTED);
  }

  @Override
  public FS newInstance() {
    return new NoHooks();
  }

  @Override
  public File findHook(Repository repository, String hookName) {
    return null;
  }

  @Override
  public ProcessResult runHookIfPresent(
      Repository repository,
      String hookName,
      String[] arguments,
      OutputStream out,
      OutputStream err,
      String stdinArgs) {
    return new ProcessResult(ProcessResult.Status.NOT_PRESENT);
  }
}
