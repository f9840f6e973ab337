package dev.vibegrapher.agent.openai;

/** The service answered with an error status (or an SSE error, which is worth a retry). */
public class LlmServiceFailure extends RuntimeException {

  private final int status;
  private final boolean streamError;

  LlmServiceFailure(String message, int status, boolean streamError, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.streamError = streamError;
  }

  public int status() {
    return status;
  }

  public boolean streamError() {
    return streamError;
  }
}
