package dev.vibegrapher.agent.control;

import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseOutputMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Turning responses into the items an agent remembers, and reading what they say. */
final class Conversation {

  private Conversation() {
  }

  static ResponseInputItem userMessage(String text) {
    return OpenAiJson.read(OpenAiJson.write(java.util.Map.of("type", "message", "role", "user", "content", text)),
        ResponseInputItem.class);
  }

  static ResponseInputItem toolOutput(String callId, String output) {
    return OpenAiJson.read(OpenAiJson.write(java.util.Map.of("type", "function_call_output", "call_id", callId, "output", output)),
        ResponseInputItem.class);
  }

  /** Messages and function calls are kept; reasoning items are not (they cannot be replayed without the server's state). */
  static List<ResponseInputItem> remembered(Response response) {
    List<ResponseInputItem> items = new ArrayList<>();
    for (ResponseOutputItem item : response.output()) {
      item.message().ifPresent(message -> items.add(ResponseInputItem.ofResponseOutputMessage(message)));
      item.functionCall().ifPresent(call -> items.add(ResponseInputItem.ofFunctionCall(call)));
    }
    return items;
  }

  static String text(Response response) {
    return response.output().stream()
        .flatMap(item -> item.message().stream())
        .flatMap(message -> message.content().stream())
        .map(Conversation::contentText)
        .collect(Collectors.joining());
  }

  static Optional<ResponseFunctionToolCall> firstFunctionCall(Response response) {
    return response.output().stream().flatMap(item -> item.functionCall().stream()).findFirst();
  }

  static List<ResponseInputItem> concat(List<ResponseInputItem> first, List<ResponseInputItem> second) {
    List<ResponseInputItem> all = new ArrayList<>(first.size() + second.size());
    all.addAll(first);
    all.addAll(second);
    return all;
  }

  private static String contentText(ResponseOutputMessage.Content content) {
    return content.outputText().map(text -> text.text())
        .or(() -> content.refusal().map(refusal -> refusal.refusal()))
        .orElse("");
  }
}
