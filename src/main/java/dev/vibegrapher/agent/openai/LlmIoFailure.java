package dev.vibegrapher.agent.openai;

/** The service could not be reached or did not answer in time. */
public class LlmIoFailure extends RuntimeException {

  private final boolean timedOut;

  LlmIoFailure(String message, boolean timedOut, Throwable cause) {
    super(message, cause);
    this.timedOut = timedOut;
  }

  public boolean timedOut() {
    return timedOut;
  }
}
