package dev.vibegrapher.agent.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class AgentMemoryTrimTest {

  private static final String USER = "{\"type\":\"message\",\"role\":\"user\",\"content\":\"q\"}";
  private static final String REASONING =
      "{\"type\":\"reasoning\",\"id\":\"rs_1\",\"summary\":[],\"encrypted_content\":\"gAAAA\"}";
  private static final String ANSWER =
      "{\"type\":\"message\",\"role\":\"assistant\",\"id\":\"msg_1\",\"content\":[]}";
  private static final String CALL =
      "{\"type\":\"function_call\",\"id\":\"fc_1\",\"call_id\":\"c\",\"name\":\"submit_patch\",\"arguments\":\"{}\"}";
  private static final String OUTPUT =
      "{\"type\":\"function_call_output\",\"call_id\":\"c\",\"output\":\"ok\"}";

  @Test
  void aCutNeverSeparatesAReasoningItemFromWhatItProduced() {
    List<String> items =
        List.of(USER, REASONING, ANSWER, USER, REASONING, CALL, OUTPUT, REASONING, ANSWER);
    assertEquals(
        3,
        AgentMemory.firstKept(items, 7),
        "not at the answer of the first response: at the next question");
    assertEquals(
        7,
        AgentMemory.firstKept(items, 4),
        "not at the call nor its output: at the next response's reasoning");
    assertEquals(4, AgentMemory.firstKept(items, 5), "a reasoning item starts its response");
  }

  @Test
  void nothingIsCutWhileTheItemsFit() {
    assertEquals(0, AgentMemory.firstKept(List.of(USER, REASONING, ANSWER), 3));
    assertEquals(0, AgentMemory.firstKept(List.of(USER), 200));
  }

  @Test
  void itemsRememberedWithoutReasoningAreCutAsBefore() {
    assertEquals(
        3,
        AgentMemory.firstKept(List.of(USER, CALL, OUTPUT, USER, ANSWER), 3),
        "never a tool output without its call");
  }
}
