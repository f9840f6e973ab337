package dev.vibegrapher.agent.control;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The agents' instructions and schemas live as resources, readable and reviewable as text. */
final class AgentResources {

  private AgentResources() {}

  static String text(String name) {
    try (InputStream in = AgentResources.class.getResourceAsStream("/agents/" + name)) {
      if (in == null) {
        throw new IllegalStateException("Missing agent resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException unreadable) {
      throw new UncheckedIOException(unreadable);
    }
  }
}
