package dev.vibegrapher.review.control;

/** The LLM gave no commit message: it failed, or its answer was none. */
public final class NoMessageProposed extends ReviewRefused {

  public NoMessageProposed(Throwable failure) {
    // The failure's message is ours (the LLM gateway words it), never the provider's text.
    super(failure.getMessage());
  }
}
