package dev.vibegrapher.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * How the rounds of a race came out, by the order the requests were sent in: a race test that
 * accepts either outcome shows with it that each outcome really happened, so the checks of both
 * were run, and that a request sent strictly first always wins.
 */
public final class Outcomes {

  private final Map<Api.Order, Map<String, Integer>> counts = new EnumMap<>(Api.Order.class);

  public void add(Api.Order order, String outcome) {
    counts.computeIfAbsent(order, o -> new TreeMap<>()).merge(outcome, 1, Integer::sum);
  }

  /**
   * Each request sent strictly first had its outcome ({@code firstWins} when the first request went
   * first, {@code secondWins} when the second did), and both outcomes were seen over the rounds.
   */
  public void assertBothSeen(String firstWins, String secondWins) {
    assertEquals(
        Map.of(firstWins, count(Api.Order.FIRST_THEN_SECOND)),
        counts.get(Api.Order.FIRST_THEN_SECOND),
        toString());
    assertEquals(
        Map.of(secondWins, count(Api.Order.SECOND_THEN_FIRST)),
        counts.get(Api.Order.SECOND_THEN_FIRST),
        toString());
    for (String outcome : new String[] {firstWins, secondWins}) {
      assertTrue(
          counts.values().stream().anyMatch(byOutcome -> byOutcome.containsKey(outcome)),
          "never " + outcome + ": " + this);
    }
  }

  private int count(Api.Order order) {
    return counts.getOrDefault(order, Map.of()).values().stream().mapToInt(Integer::intValue).sum();
  }

  @Override
  public String toString() {
    return counts.toString();
  }
}
