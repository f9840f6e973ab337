package dev.vibegrapher.realtime.entity;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of project events, as they are spelled on the wire. */
public enum EventType {
  CONVERSATION_MESSAGE,
  CONVERSATION_DELTA,
  TOKEN_USAGE,
  DIFF_CREATED,
  DIFF_UPDATED,
  CODE_CHANGED,
  VIBECODE_COMPLETED,
  VIBECODE_ERROR,
  TEST_COMPLETED;

  public String wireName() {
    return name().toLowerCase();
  }

  public static Optional<EventType> fromWire(String name) {
    return Arrays.stream(values()).filter(t -> t.wireName().equals(name)).findFirst();
  }
}
