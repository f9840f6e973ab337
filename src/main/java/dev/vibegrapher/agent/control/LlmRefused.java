package dev.vibegrapher.agent.control;

import dev.vibegrapher.agent.entity.TokenUsage;
import java.util.Optional;

/** A failure that repeating cannot fix: no key, a bad request, a refused key, an unknown model. */
public class LlmRefused extends RuntimeException {

  private final transient TokenUsage usage;

  public LlmRefused(String message, Throwable cause) {
    this(message, cause, null);
  }

  /** A refusal of an answer the provider gave, and billed: what it cost must still be counted. */
  public LlmRefused(String message, Throwable cause, TokenUsage usage) {
    super(message, cause);
    this.usage = usage;
  }

  /** What the refused answer cost, when there was an answer. */
  public Optional<TokenUsage> usage() {
    return Optional.ofNullable(usage);
  }
}
