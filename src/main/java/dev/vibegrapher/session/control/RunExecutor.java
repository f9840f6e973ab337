package dev.vibegrapher.session.control;

import jakarta.enterprise.concurrent.ManagedExecutorDefinition;

/**
 * The container-managed executor that runs agent runs. A run holds its thread while the LLM thinks
 * (seconds to minutes), so the pool must be as large as the number of runs meant to work at once;
 * LLM concurrency itself is bounded by the gateway's bulkhead, not by this pool.
 */
@ManagedExecutorDefinition(name = RunExecutor.NAME, maxAsync = RunExecutor.MAX_RUNNING)
final class RunExecutor {

  static final String NAME = "java:app/concurrent/vibecodeRuns";
  static final int MAX_RUNNING = 512;

  private RunExecutor() {}
}
