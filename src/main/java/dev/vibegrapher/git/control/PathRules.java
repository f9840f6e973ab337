package dev.vibegrapher.git.control;

import dev.vibegrapher.client.validation.RepositoryPath;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;

/**
 * Which names the git feature accepts from outside: file paths that stay inside a repository, and
 * branch names git itself allows.
 */
public final class PathRules {

  /**
   * Relative paths of plain names, as a request's file name is checked already: one expression, the
   * constraint's; ".", ".." and ".git" segments are refused separately.
   */
  private static final Pattern SAFE_PATH = Pattern.compile(RepositoryPath.REGEX);

  private PathRules() {}

  /**
   * A path that stays inside a repository: relative, no "." or ".." segments, no odd characters.
   */
  public static boolean isSafePath(String path) {
    return path != null
        && path.length() <= 255
        && SAFE_PATH.matcher(path).matches()
        && List.of(path.split("/")).stream()
            .noneMatch(s -> s.equals(".") || s.equals("..") || s.equals(".git"));
  }

  /** Whether a name is acceptable as a branch name (git's own rules). */
  public static boolean isValidBranch(String branch) {
    return branch != null
        && branch.length() <= 100
        && Repository.isValidRefName(Constants.R_HEADS + branch);
  }
}
