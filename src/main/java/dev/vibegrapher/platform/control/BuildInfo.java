package dev.vibegrapher.platform.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The application's version, written into the build by Maven. */
@ApplicationScoped
public class BuildInfo {

  private final String version;

  public BuildInfo() {
    Properties properties = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream("/vibegrapher-build.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    version = properties.getProperty("version", "unknown");
  }

  public String version() {
    return version;
  }
}
