package dev.vibegrapher.agent.control;

/** A failure that repeating cannot fix: no key, a bad request, a refused key, an unknown model. */
public class LlmRefused extends RuntimeException {

  public LlmRefused(String message, Throwable cause) {
    super(message, cause);
  }
}
