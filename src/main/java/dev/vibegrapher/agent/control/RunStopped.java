package dev.vibegrapher.agent.control;

/**
 * Thrown by a listener to end a run early (a budget crossed, the server stopping); the message says
 * why.
 */
public class RunStopped extends RuntimeException {

  public RunStopped(String message) {
    super(message, null, false, false);
  }
}
