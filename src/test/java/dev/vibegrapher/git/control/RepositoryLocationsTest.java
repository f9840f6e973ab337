package dev.vibegrapher.git.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vibegrapher.platform.control.DataDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepositoryLocationsTest {

  @TempDir Path temp;
  GitRepositories git;
  RepositoryLocations cut;

  @BeforeEach
  void setUp() {
    git = new GitRepositories();
    git.authorName = "Test Author";
    git.authorEmail = "author@example.org";
    cut = new RepositoryLocations();
    cut.git = git;
    cut.dataDirectory =
        new DataDirectory() {
          @Override
          public Path root() {
            return temp;
          }
        };
  }

  @AfterEach
  void tearDown() {
    git.closeAll();
  }

  @Test
  void repositoriesLiveUnderProjectsInTheDataDirectory() {
    assertEquals(temp.resolve("projects"), cut.root());
    assertEquals(temp.resolve("projects").resolve("demo"), cut.of("demo"));
  }

  @Test
  void aDirectoryIsClaimedOnce() {
    Path repository = cut.of("demo");
    assertTrue(cut.claim(repository));
    assertTrue(Files.isDirectory(repository));
    assertFalse(cut.claim(repository));
  }

  @Test
  void movedAsideRepositoriesCanComeBackOrGo() throws Exception {
    Path repository = cut.of("demo");
    cut.claim(repository);
    git.create(repository, "main.py", "code", "one");
    Path aside = cut.moveAside(repository);
    assertFalse(Files.exists(repository));
    cut.moveBack(aside, repository);
    assertEquals("code", git.readFile(repository, "main.py").orElseThrow());

    Path again = cut.moveAside(repository);
    cut.delete(again);
    assertFalse(Files.exists(again));
    assertFalse(Files.exists(repository));
    cut.delete(again);
  }

  @Test
  void repositoriesLeftAsideAreFoundForTheSweep() throws Exception {
    assertEquals(List.of(), cut.leftAside());
    Path kept = cut.of("kept");
    Path deleted = cut.of("deleted");
    cut.claim(kept);
    cut.claim(deleted);
    git.create(kept, "main.py", "kept", "one");
    git.create(deleted, "main.py", "deleted", "one");

    Path aside = cut.moveAside(deleted);

    assertEquals(List.of(aside), cut.leftAside());
    assertEquals(cut.root(), aside.getParent());
    cut.leftAside().forEach(cut::delete);
    assertEquals(List.of(), cut.leftAside());
    assertEquals("kept", git.readFile(kept, "main.py").orElseThrow());
  }
}
