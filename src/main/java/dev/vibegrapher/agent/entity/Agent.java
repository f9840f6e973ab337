package dev.vibegrapher.agent.entity;

/** Who produced a step; the wire name is what dashboards show. */
public enum Agent {
  USER("user"),
  VIBECODER("vibecoder"),
  EVALUATOR("evaluator");

  private final String wireName;

  Agent(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
