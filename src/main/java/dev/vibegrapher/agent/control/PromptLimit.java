package dev.vibegrapher.agent.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * One limit for all text a person sends to the agents (a prompt, a rejection's feedback, a hint for
 * the commit message): each becomes input tokens that the operator pays for, on every later turn
 * that remembers it.
 */
@ApplicationScoped
public class PromptLimit {

  @Inject
  @ConfigProperty(name = "vibegrapher.max-prompt-bytes")
  int maxBytes;

  /**
   * 413 naming the limit when the text, as UTF-8, is larger than it; null passes (the caller
   * decides whether it is required).
   */
  public void check(String field, String text) {
    if (text != null && text.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
      throw new ClientErrorException(
          "The " + field + " is larger than " + maxBytes + " bytes (vibegrapher.max-prompt-bytes).",
          Response.Status.REQUEST_ENTITY_TOO_LARGE);
    }
  }
}
