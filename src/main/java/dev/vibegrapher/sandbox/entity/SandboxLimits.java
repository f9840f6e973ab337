package dev.vibegrapher.sandbox.entity;

/**
 * What one sandboxed process tree may use. {@code processes} counts the sandbox's own processes and
 * threads (its user namespace's count, not the host user's); {@code cpuSeconds} of 0 means no CPU
 * limit (a long-lived process such as the syntax checker is bounded by its callers' timeouts
 * instead); {@code scratchBytes} is the size of each writable tmpfs (its /tmp and /work).
 */
public record SandboxLimits(
    long memoryBytes, int processes, long cpuSeconds, long fileBytes, long scratchBytes) {

  public SandboxLimits withoutCpuLimit() {
    return new SandboxLimits(memoryBytes, processes, 0, fileBytes, scratchBytes);
  }
}
