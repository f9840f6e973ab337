package dev.vibegrapher.patch.control;

/**
 * A patch that cannot be applied or whose result does not parse; the message goes to the coder
 * verbatim.
 */
public class PatchRejected extends Exception {

  public PatchRejected(String message) {
    super(message, null, false, false);
  }
}
