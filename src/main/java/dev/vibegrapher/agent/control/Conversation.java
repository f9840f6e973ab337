package dev.vibegrapher.agent.control;

import dev.vibegrapher.agent.openai.Items;
import dev.vibegrapher.agent.openai.ResponsesApi;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turning responses into the items an agent remembers, and reading what they say. Items are the
 * SDK's JSON of response input items (dev.vibegrapher.agent.openai says why SDK types stay out of
 * here).
 */
final class Conversation {

  private Conversation() {}

  static String userMessage(String text) {
    return Items.userMessage(text);
  }

  static String toolOutput(String callId, String output) {
    return Items.toolOutput(callId, output);
  }

  /** Reasoning items, messages and function calls, in the response's order. */
  static List<String> remembered(ResponsesApi.Reply response) {
    return response.rememberedItems();
  }

  static String text(ResponsesApi.Reply response) {
    return response.text();
  }

  static Optional<ResponsesApi.FunctionCall> firstFunctionCall(ResponsesApi.Reply response) {
    return response.firstFunctionCall();
  }

  static List<String> concat(List<String> first, List<String> second) {
    List<String> all = new ArrayList<>(first.size() + second.size());
    all.addAll(first);
    all.addAll(second);
    return all;
  }
}
