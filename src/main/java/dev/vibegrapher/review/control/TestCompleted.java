package dev.vibegrapher.review.control;

import dev.vibegrapher.client.identity.Person;
import dev.vibegrapher.client.review.TestResult;

/** The data of test_completed. */
public record TestCompleted(
    String diffId,
    String testId,
    String testName,
    String status,
    String output,
    long durationMs,
    Person actor) {
  TestCompleted(String diffId, TestResult result, Person actor) {
    this(
        diffId,
        result.testId(),
        result.testName(),
        result.status(),
        result.output(),
        result.durationMs(),
        actor);
  }
}
