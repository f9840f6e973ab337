package dev.vibegrapher.git.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PathRulesTest {

  @Test
  void safePathsArePlainRelativeNames() {
    assertTrue(PathRules.isSafePath("main.py"));
    assertTrue(PathRules.isSafePath("src/app/main file.py"));
    for (String path :
        List.of("..", "a/../b", "/abs", "a//b", ".git/x", ".hidden", "a\\b", "a/./b", "x/.git")) {
      assertFalse(PathRules.isSafePath(path), path);
    }
  }

  @Test
  void branchesAreNamedAsGitAllows() {
    for (String branch : List.of("main", "feature/login", "fix-1.2")) {
      assertTrue(PathRules.isValidBranch(branch), branch);
    }
    char[] long101 = new char[101];
    Arrays.fill(long101, 'b');
    for (String branch :
        Arrays.asList(null, "", "a..b", "x.lock", "a b", "a~1", "/x", new String(long101))) {
      assertFalse(PathRules.isValidBranch(branch), String.valueOf(branch));
    }
  }
}
