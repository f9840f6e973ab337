package dev.vibegrapher.review.entity;

import static dev.vibegrapher.review.entity.DiffStatus.COMMITTED;
import static dev.vibegrapher.review.entity.DiffStatus.EVALUATOR_APPROVED;
import static dev.vibegrapher.review.entity.DiffStatus.HUMAN_APPROVED;
import static dev.vibegrapher.review.entity.DiffStatus.HUMAN_REJECTED;
import static dev.vibegrapher.review.entity.DiffStatus.REVERTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vibegrapher.client.identity.Person;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every step from every status: the table of a diff's status rules, written out. */
class DiffTest {

  private static final Person RITA = new Person("Rita", "rita@example.com");

  /** Where each step leaves a diff of each status; a status missing from a row is refused. */
  private static final Map<DiffStep, Map<DiffStatus, DiffStatus>> ALLOWED =
      Map.of(
          DiffStep.APPROVE, Map.of(EVALUATOR_APPROVED, HUMAN_APPROVED),
          DiffStep.REJECT,
              Map.of(EVALUATOR_APPROVED, HUMAN_REJECTED, HUMAN_APPROVED, HUMAN_REJECTED),
          DiffStep.COMMIT, Map.of(HUMAN_APPROVED, COMMITTED),
          DiffStep.REVERT, Map.of(COMMITTED, REVERTED),
          DiffStep.REFINE_MESSAGE,
              Map.of(
                  EVALUATOR_APPROVED, EVALUATOR_APPROVED,
                  HUMAN_APPROVED, HUMAN_APPROVED,
                  REVERTED, REVERTED),
          DiffStep.RUN_TESTS,
              Map.of(
                  EVALUATOR_APPROVED, EVALUATOR_APPROVED,
                  HUMAN_APPROVED, HUMAN_APPROVED,
                  HUMAN_REJECTED, HUMAN_REJECTED));

  static Stream<Arguments> everyStepFromEveryStatus() {
    return Arrays.stream(DiffStep.values())
        .flatMap(
            step ->
                Arrays.stream(DiffStatus.values())
                    .map(
                        from ->
                            Arguments.of(
                                step, from, Optional.ofNullable(ALLOWED.get(step).get(from)))));
  }

  @ParameterizedTest(name = "{0} from {1}: {2}")
  @MethodSource("everyStepFromEveryStatus")
  void aStepIsTakenOrRefusedAsTheTableSays(
      DiffStep step, DiffStatus from, Optional<DiffStatus> expected) {
    Diff diff = diffThatIs(from);
    if (expected.isPresent()) {
      diff.requireAllowed(step);
      take(step, diff);
      assertEquals(expected.get(), diff.status());
    } else {
      DiffStatusConflict refused = assertThrows(DiffStatusConflict.class, () -> take(step, diff));
      assertEquals(from, refused.from());
      assertEquals(step, refused.step());
      assertEquals(step.leadsTo(), refused.to());
      assertEquals(from, diff.status(), "a refused step leaves the diff as it was");
      assertThrows(DiffStatusConflict.class, () -> diff.requireAllowed(step));
    }
  }

  @Test
  void theStepsThatChangeTheStatusSayWhereTo() {
    assertEquals(Optional.of(HUMAN_APPROVED), DiffStep.APPROVE.leadsTo());
    assertEquals(Optional.of(HUMAN_REJECTED), DiffStep.REJECT.leadsTo());
    assertEquals(Optional.of(COMMITTED), DiffStep.COMMIT.leadsTo());
    assertEquals(Optional.of(REVERTED), DiffStep.REVERT.leadsTo());
    assertEquals(Optional.empty(), DiffStep.REFINE_MESSAGE.leadsTo());
    assertEquals(Optional.empty(), DiffStep.RUN_TESTS.leadsTo());
  }

  @Test
  void aRefusedStepChangesNothingElse() {
    Diff diff = diffThatIs(COMMITTED);
    assertThrows(DiffStatusConflict.class, () -> diff.refineMessage("Something else"));
    assertEquals("Make x ten", diff.commitMessage());
    assertThrows(DiffStatusConflict.class, () -> diff.rejectByHuman("Too late", RITA));
    assertEquals(null, diff.humanFeedback());
  }

  /** A new diff, brought to the status by the steps that lead there. */
  private static Diff diffThatIs(DiffStatus status) {
    Diff diff =
        new Diff(
            "session", "project", "base", "main", "@@ -1 +1 @@\n-x\n+y\n", "prompt", "fine", "m");
    switch (status) {
      case EVALUATOR_APPROVED -> {}
      case HUMAN_APPROVED -> diff.approveByHuman(RITA);
      case HUMAN_REJECTED -> diff.rejectByHuman("No", RITA);
      case COMMITTED -> {
        diff.approveByHuman(RITA);
        diff.committed("c0ffee", "Make x ten", RITA);
      }
      case REVERTED -> {
        diff.approveByHuman(RITA);
        diff.committed("c0ffee", "Make x ten", RITA);
        diff.reverted("decaf0", RITA);
      }
    }
    assertEquals(status, diff.status());
    return diff;
  }

  private static void take(DiffStep step, Diff diff) {
    switch (step) {
      case APPROVE -> diff.approveByHuman(RITA);
      case REJECT -> diff.rejectByHuman("Use a constant", RITA);
      case COMMIT -> diff.committed("beef01", "Commit it", RITA);
      case REVERT -> diff.reverted("beef02", RITA);
      case REFINE_MESSAGE -> diff.refineMessage("A better message");
      case RUN_TESTS -> {
        // Storing results is not the step's check (a run may end after a commit): the check is.
        diff.requireAllowed(step);
        diff.testsRan("[]", java.time.Instant.now(), RITA);
      }
    }
  }
}
