package dev.vibegrapher.platform.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** VIBEGRAPHER_DATA_DIR: the embedded database and the projects' git repositories live here. */
@ApplicationScoped
public class DataDirectory {

  @Inject
  @ConfigProperty(name = "vibegrapher.data-dir")
  String configured;

  public Path root() {
    return Path.of(configured).toAbsolutePath().normalize();
  }

  public boolean isWritable() {
    try {
      Files.createDirectories(root());
      Path probe = Files.createTempFile(root(), ".probe", ".tmp");
      Files.delete(probe);
      return true;
    } catch (IOException | UncheckedIOException e) {
      return false;
    }
  }
}
