package dev.vibegrapher.agent.entity;

/**
 * How a run ended: a diff the evaluator approved, a text answer, or a failure the user can read.
 */
public sealed interface Outcome {

  /**
   * @param diff the change as a proper unified diff with a/ and b/ headers
   * @param baseCommit HEAD when the request started: the human's commit is refused if HEAD moved
   */
  record ApprovedDiff(
      String diff,
      String patchedCode,
      String description,
      String baseCommit,
      String branch,
      Verdict verdict,
      int iteration)
      implements Outcome {}

  record TextAnswer(String text) implements Outcome {}

  /**
   * @param finalFeedback the evaluator's last reasoning, when the run ran out of rounds
   */
  record Failure(String detail, String finalFeedback) implements Outcome {}
}
