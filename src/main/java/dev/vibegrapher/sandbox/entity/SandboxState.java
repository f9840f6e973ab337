package dev.vibegrapher.sandbox.entity;

/**
 * Whether code can run: {@code usable} in the sandbox, or without it when the operator switched it
 * off ({@code enforced} false). {@code reason} is short and names no path or secret, as it is shown
 * to clients and probes; the log has the details.
 */
public record SandboxState(boolean usable, boolean enforced, String reason) {

  public static SandboxState ready() {
    return new SandboxState(true, true, "");
  }

  public static SandboxState switchedOff() {
    return new SandboxState(
        true,
        false,
        "switched off by vibegrapher.sandbox.mode=off: test code runs with the server's rights");
  }

  public static SandboxState unavailable(String reason) {
    return new SandboxState(false, true, reason);
  }
}
