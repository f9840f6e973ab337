package dev.vibegrapher.patch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vibegrapher.patch.PatchCorpus.Case;
import dev.vibegrapher.patch.PatchCorpus.Outcome;
import dev.vibegrapher.patch.control.PatchApplier;
import dev.vibegrapher.patch.control.PatchRejected;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Our applier against the apply-quality corpus; prints one row per case. */
class PatchCorpusTest {

  private static final double REQUIRED_SCORE = 0.95;

  @Test
  void appliesOrRefusesAsACarefulHumanWould() {
    PatchCorpus corpus = PatchCorpus.load();
    assertTrue(corpus.cases().size() >= 60, "corpus too small: " + corpus.cases().size());
    List<String> forced = new ArrayList<>();
    int right = 0;
    StringBuilder table = new StringBuilder("| case | expected | outcome | our message |\n|---|---|---|---|\n");
    for (Case testCase : corpus.cases()) {
      String message = "";
      Optional<String> result;
      try {
        result = Optional.of(PatchApplier.apply(testCase.fileName(), testCase.original(), testCase.diff()).patchedCode());
      } catch (PatchRejected refused) {
        result = Optional.empty();
        message = refused.getMessage();
      }
      Outcome outcome = testCase.judge(result);
      right += outcome.right() ? 1 : 0;
      if (outcome == Outcome.FORCED) {
        forced.add(testCase.name());
      }
      table.append("| ").append(testCase.name()).append(" | ").append(testCase.expectsRefusal() ? "refuse" : "apply")
          .append(" | ").append(outcome).append(" | ").append(abbreviate(message)).append(" |\n");
    }
    double score = (double) right / corpus.cases().size();
    System.out.print(table);
    System.out.printf("ours: %d of %d right (%.1f%%)%n", right, corpus.cases().size(), 100 * score);
    assertEquals(List.of(), forced, "applied patches that must be refused");
    assertTrue(score >= REQUIRED_SCORE, String.format("score %.3f below %.2f", score, REQUIRED_SCORE));
  }

  private static String abbreviate(String message) {
    String oneLine = message.replace('\n', ' ').replace("|", "\\|");
    return oneLine.length() <= 110 ? oneLine : oneLine.substring(0, 107) + "...";
  }
}
