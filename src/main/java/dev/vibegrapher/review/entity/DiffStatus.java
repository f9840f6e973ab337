package dev.vibegrapher.review.entity;

/** Where a diff is in its review, spelled as on the wire. */
public enum DiffStatus {
  EVALUATOR_APPROVED,
  HUMAN_APPROVED,
  HUMAN_REJECTED,
  COMMITTED,
  REVERTED;

  public String wireName() {
    return name().toLowerCase();
  }

  public static java.util.Optional<DiffStatus> fromWire(String name) {
    return java.util.Arrays.stream(values())
        .filter(status -> status.wireName().equals(name))
        .findFirst();
  }
}
