package dev.vibegrapher.agent.control;

/** A failure worth retrying: rate limits, server errors, timeouts and broken connections. */
public class LlmUnavailable extends RuntimeException {

  public LlmUnavailable(String message, Throwable cause) {
    super(message, cause);
  }
}
