package dev.vibegrapher.agent.control;

import dev.vibegrapher.agent.entity.Agent;
import dev.vibegrapher.agent.entity.AgentStep;
import dev.vibegrapher.agent.entity.StepType;
import dev.vibegrapher.agent.entity.Verdict;

/**
 * Reports the steps of one LLM response: its token usage goes with the first step only, so totals
 * add up.
 */
final class StepReporter {

  private final RunListener listener;
  private final Agent agent;
  private final int iteration;
  private final LlmReply reply;
  private boolean usageReported;

  StepReporter(RunListener listener, Agent agent, int iteration, LlmReply reply) {
    this.listener = listener;
    this.agent = agent;
    this.iteration = iteration;
    this.reply = reply;
  }

  void step(StepType type, String content, String patch, Verdict verdict) {
    listener.step(
        new AgentStep(
            agent,
            type,
            content,
            iteration,
            patch,
            verdict,
            usageReported ? null : reply.usage(),
            reply.rawJson(),
            reply.response().responseId()));
    usageReported = true;
  }
}
