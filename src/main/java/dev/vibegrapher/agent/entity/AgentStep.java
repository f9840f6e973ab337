package dev.vibegrapher.agent.entity;

/**
 * One step of a run, reported the moment it happens.
 *
 * @param patch the patch as the coder submitted it (tool calls only)
 * @param verdict the evaluator's verdict (evaluations only)
 * @param usage tokens of the LLM call this step came from; null when the step made no call or
 *     another step of the same call already carries them
 * @param rawResponse the complete response JSON of the LLM call, when the step came from one
 */
public record AgentStep(
    Agent agent,
    StepType type,
    String content,
    int iteration,
    String patch,
    Verdict verdict,
    TokenUsage usage,
    String rawResponse,
    String responseId) {

  public static AgentStep plain(Agent agent, StepType type, String content, int iteration) {
    return new AgentStep(agent, type, content, iteration, null, null, null, null, null);
  }
}
