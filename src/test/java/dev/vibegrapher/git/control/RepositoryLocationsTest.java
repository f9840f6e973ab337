package dev.vibegrapher.git.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vibegrapher.platform.control.DataDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The legacy on-disk layout, as the import of earlier installations finds and sweeps it. */
class RepositoryLocationsTest {

  @TempDir Path temp;
  RepositoryLocations cut;

  @BeforeEach
  void setUp() {
    cut = new RepositoryLocations();
    cut.dataDirectory =
        new DataDirectory() {
          @Override
          public Path root() {
            return temp;
          }
        };
  }

  @Test
  void repositoriesLivedUnderProjectsInTheDataDirectory() {
    assertEquals(temp.resolve("projects"), cut.root());
    assertEquals(temp.resolve("projects").resolve("demo"), cut.of("demo"));
  }

  @Test
  void withoutAProjectsDirectoryNothingIsLeftAside() {
    assertFalse(Files.exists(cut.root()));
    assertEquals(List.of(), cut.leftAside());
  }

  @Test
  void repositoriesLeftAsideAreFoundForTheSweepAndOthersAreNot() throws Exception {
    Files.createDirectories(cut.of("kept"));
    Path aside = Files.createDirectories(cut.of(RepositoryLocations.ASIDE_PREFIX + "demo-1"));
    Files.writeString(cut.root().resolve(".deleted"), "not a left-aside repository");

    assertEquals(List.of(aside), cut.leftAside());
  }

  @Test
  void aDirectoryTreeIsDeletedWholeAndAMissingOneIsNoFailure() throws Exception {
    Path kept = Files.createDirectories(cut.of("kept"));
    Path aside = cut.of(RepositoryLocations.ASIDE_PREFIX + "demo-1");
    Files.createDirectories(aside.resolve("objects/pack"));
    Files.writeString(aside.resolve("HEAD"), "ref: refs/heads/main\n");
    Files.writeString(aside.resolve("objects/pack/pack-1.pack"), "bytes");

    cut.leftAside().forEach(cut::delete);

    assertFalse(Files.exists(aside));
    assertEquals(List.of(), cut.leftAside());
    assertTrue(Files.isDirectory(kept), "only what was left aside goes");
    cut.delete(aside);
    cut.delete(temp.resolve("never-there"));
    assertFalse(Files.exists(temp.resolve("never-there")));
  }
}
