package dev.vibegrapher.agent.control;

import dev.vibegrapher.agent.entity.Agent;
import dev.vibegrapher.agent.entity.AgentStep;

/**
 * Receives a run's steps as they happen. A listener may stop the run by throwing {@link
 * RunStopped}.
 */
public interface RunListener {

  void step(AgentStep step);

  /**
   * Text as it is generated; a higher attempt than before means the earlier attempt's text was
   * abandoned.
   */
  void textDelta(Agent agent, int iteration, int attempt, String delta);
}
