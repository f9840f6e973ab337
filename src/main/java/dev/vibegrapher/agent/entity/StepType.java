package dev.vibegrapher.agent.entity;

/** The kinds of step a run reports, named as message_type on the wire. */
public enum StepType {
  TEXT("text"),
  TOOL_CALL("tool_call"),
  TOOL_RESULT("tool_result"),
  EVALUATION("evaluation"),
  OUTCOME("outcome"),
  ERROR("error");

  private final String wireName;

  StepType(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
