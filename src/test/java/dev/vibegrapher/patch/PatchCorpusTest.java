package dev.vibegrapher.patch;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.vibegrapher.patch.PatchCorpus.Case;
import dev.vibegrapher.patch.PatchCorpus.Outcome;
import dev.vibegrapher.patch.control.PatchApplier;
import dev.vibegrapher.patch.control.PatchRejected;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Our applier against the project's own apply-quality corpus: every case is a test of its own, so a
 * regression on any one of them fails the build (the benchmark in docs/benchmarks.md reports the
 * same corpus as a score, beside git apply and GNU patch).
 */
class PatchCorpusTest {

  @Test
  void theCorpusIsLargeEnoughToMeanSomething() {
    int size = PatchCorpus.load().cases().size();
    assertTrue(size >= 116, "corpus too small: " + size);
  }

  @TestFactory
  Stream<DynamicTest> everyCaseAppliesOrIsRefusedAsACarefulHumanWould() {
    return PatchCorpus.load().cases().stream()
        .map(
            testCase ->
                dynamicTest(
                    testCase.name(),
                    () -> {
                      Outcome outcome = outcomeOf(testCase);
                      assertTrue(
                          outcome.right(),
                          () ->
                              testCase.name()
                                  + " ("
                                  + testCase.about()
                                  + "): expected "
                                  + (testCase.expectsRefusal()
                                      ? "a refusal (" + testCase.refusalReason() + ")"
                                      : "the expected file")
                                  + ", got "
                                  + outcome);
                    }));
  }

  /**
   * A refusal goes to the coder verbatim: it must name the hunk, the reason and the place, as the
   * case says.
   */
  @TestFactory
  Stream<DynamicTest> everyRefusalNamesTheHunkAndTheReason() {
    return PatchCorpus.load().cases().stream()
        .filter(Case::expectsRefusal)
        .map(
            testCase ->
                dynamicTest(
                    testCase.name(),
                    () -> {
                      String message =
                          assertThrows(
                                  PatchRejected.class,
                                  () ->
                                      PatchApplier.apply(
                                          testCase.fileName(),
                                          testCase.original(),
                                          testCase.diff()))
                              .getMessage();
                      assertFalse(
                          testCase.refusalMentions().isEmpty(),
                          testCase.name() + " says nothing its refusal must mention");
                      for (String mention : testCase.refusalMentions()) {
                        assertTrue(
                            message.contains(mention),
                            () ->
                                testCase.name()
                                    + ": the refusal does not say \""
                                    + mention
                                    + "\": "
                                    + message);
                      }
                      assertTrue(
                          message.startsWith("Hunk ") || message.startsWith("The patch "),
                          () ->
                              testCase.name()
                                  + ": a refusal starts by naming the hunk or the patch it is about: "
                                  + message);
                    }));
  }

  private static Outcome outcomeOf(Case testCase) {
    try {
      return testCase.judge(
          Optional.of(
              PatchApplier.apply(testCase.fileName(), testCase.original(), testCase.diff())
                  .patchedCode()));
    } catch (PatchRejected refused) {
      return testCase.judge(Optional.empty());
    }
  }
}
