package dev.vibegrapher.review.control;

import dev.vibegrapher.identity.entity.Caller;

/**
 * Where a rejection goes: the session feature starts the new attempt. A method call, not an event,
 * because the rejection may only be recorded once the attempt is sure to start.
 */
public interface NewAttempts {

  /**
   * Starts a new attempt in the session with this prompt, by the person who rejected; runs {@code
   * recordRejection} once the attempt is sure to start and before anything of it is published (a
   * dashboard that sees the new prompt reads the diff as rejected). Returns the run's id.
   */
  String afterRejection(String sessionId, String prompt, Caller author, Runnable recordRejection);
}
