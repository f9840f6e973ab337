package dev.vibegrapher.agent.openai;

import java.time.Duration;
import java.util.Optional;

/**
 * The service answered with an error status, or its stream broke off with an error (worth a retry).
 * Carries what the provider said in its own terms (status, error type, code, parameter) and how
 * long it asked us to wait, so callers can speak of it in theirs.
 */
public class LlmServiceFailure extends RuntimeException {

  /**
   * What a broken stream is reported as: the provider's error code, or why the stream ended early.
   */
  public enum StreamBreak {
    NONE,
    ERROR_EVENT,
    RESPONSE_FAILED,
    ENDED_EARLY
  }

  private final int status;
  private final StreamBreak streamBreak;
  private final String type;
  private final String code;
  private final String param;
  private final Duration retryAfter;

  LlmServiceFailure(
      String message,
      int status,
      StreamBreak streamBreak,
      String type,
      String code,
      String param,
      Duration retryAfter,
      Throwable cause) {
    super(message, cause);
    this.status = status;
    this.streamBreak = streamBreak;
    this.type = type;
    this.code = code;
    this.param = param;
    this.retryAfter = retryAfter;
  }

  /** The HTTP status; 200 for a stream that broke off after a successful start. */
  public int status() {
    return status;
  }

  public boolean streamError() {
    return streamBreak != StreamBreak.NONE;
  }

  public StreamBreak streamBreak() {
    return streamBreak;
  }

  /** The provider's error type, e.g. invalid_request_error. */
  public Optional<String> type() {
    return Optional.ofNullable(type).filter(value -> !value.isBlank());
  }

  /** The provider's error code, e.g. rate_limit_exceeded. */
  public Optional<String> code() {
    return Optional.ofNullable(code).filter(value -> !value.isBlank());
  }

  /** The request parameter the provider objected to, e.g. input. */
  public Optional<String> param() {
    return Optional.ofNullable(param).filter(value -> !value.isBlank());
  }

  /** How long the provider asked us to wait before trying again (Retry-After and friends). */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
