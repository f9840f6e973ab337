package dev.vibegrapher.platform.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * This instance among those sharing the database: an id kept in the data directory, so a restart on
 * the same data is the same instance (and may fail its own interrupted runs at once), while a
 * replacement with a new, empty data directory is a new one.
 */
@ApplicationScoped
public class InstanceIdentity {

  static final String FILE = "instance-id";
  private static final Pattern UUID_TEXT =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  @Inject DataDirectory dataDirectory;

  private volatile String id;

  public String id() {
    String known = id;
    if (known == null) {
      known = readOrCreate(dataDirectory.root().resolve(FILE));
      id = known;
    }
    return known;
  }

  private static synchronized String readOrCreate(Path file) {
    try {
      if (Files.isRegularFile(file)) {
        String kept = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (UUID_TEXT.matcher(kept).matches()) {
          return kept;
        }
      }
      String made = UUID.randomUUID().toString();
      Files.createDirectories(file.getParent());
      Path written = Files.createTempFile(file.getParent(), ".instance-id", ".tmp");
      Files.writeString(written, made + "\n", StandardCharsets.UTF_8);
      Files.move(
          written,
          file,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      return made;
    } catch (IOException e) {
      throw new UncheckedIOException("The instance id cannot be kept in the data directory", e);
    }
  }
}
