package dev.vibegrapher.agent.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.core.JsonValue;
import com.openai.core.ObjectMappers;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseOutputMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The SDK's own JSON mapping, so what is stored reads back into the same SDK types. */
final class Sdk {

  private Sdk() {
  }

  static String write(Object value) {
    try {
      return ObjectMappers.jsonMapper().writeValueAsString(value);
    } catch (JsonProcessingException impossible) {
      throw new IllegalStateException("SDK value could not be written as JSON", impossible);
    }
  }

  static <T> T read(String json, Class<T> type) {
    try {
      return ObjectMappers.jsonMapper().readValue(json, type);
    } catch (JsonProcessingException corrupt) {
      throw new IllegalStateException("Stored " + type.getSimpleName() + " JSON could not be read", corrupt);
    }
  }

  /** The type field of a stored item. */
  static String type(String itemJson) {
    return tree(itemJson).path("type").asText();
  }

  /** Stored JSON as a value the SDK writes verbatim. */
  static JsonValue json(String json) {
    return JsonValue.fromJsonNode(tree(json));
  }

  static JsonValue jsonArray(List<String> items) {
    ArrayNode array = ObjectMappers.jsonMapper().createArrayNode();
    items.forEach(item -> array.add(tree(item)));
    return JsonValue.fromJsonNode(array);
  }

  private static JsonNode tree(String json) {
    try {
      return ObjectMappers.jsonMapper().readTree(json);
    } catch (JsonProcessingException corrupt) {
      throw new IllegalStateException("Stored JSON could not be read", corrupt);
    }
  }

  /**
   * A response as JSON. The SDK models timestamps as doubles; whole numbers are written as
   * integers again, as the API sent them (created_at 1795617202, not 1.795617202E9).
   */
  static String writeResponse(Object response) {
    JsonNode tree = ObjectMappers.jsonMapper().valueToTree(response);
    return wholeNumbersAsIntegers(tree).toString();
  }

  private static JsonNode wholeNumbersAsIntegers(JsonNode node) {
    if (node.isDouble() && node.doubleValue() == Math.rint(node.doubleValue()) && Math.abs(node.doubleValue()) < 1e15) {
      return LongNode.valueOf((long) node.doubleValue());
    }
    if (node instanceof ObjectNode object) {
      object.properties().forEach(field -> field.setValue(wholeNumbersAsIntegers(field.getValue())));
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        array.set(i, wholeNumbersAsIntegers(array.get(i)));
      }
    }
    return node;
  }

  static ResponsesApi.Reply reply(Response completed) {
    long input = 0;
    long cached = 0;
    long output = 0;
    long total = 0;
    if (completed.usage().isPresent()) {
      var usage = completed.usage().get();
      input = usage.inputTokens();
      cached = usage.inputTokensDetails().cachedTokens();
      output = usage.outputTokens();
      total = usage.totalTokens();
    }
    return new ResponsesApi.Reply(completed.id(), writeResponse(completed), input, cached, output, total,
        text(completed), remembered(completed), completed.output().stream().flatMap(item -> item.functionCall().stream())
            .findFirst().map(call -> new ResponsesApi.FunctionCall(call.callId(), call.name(), call.arguments())));
  }

  /** Messages and function calls are kept; reasoning items are not (they cannot be replayed without the server's state). */
  static List<String> remembered(Response response) {
    List<String> items = new ArrayList<>();
    response.output().forEach(item -> {
      item.message().ifPresent(message -> items.add(write(ResponseInputItem.ofResponseOutputMessage(message))));
      item.functionCall().ifPresent(call -> items.add(write(ResponseInputItem.ofFunctionCall(call))));
    });
    return items;
  }

  static String text(Response response) {
    return response.output().stream()
        .flatMap(item -> item.message().stream())
        .flatMap(message -> message.content().stream())
        .map(Sdk::contentText)
        .collect(Collectors.joining());
  }

  private static String contentText(ResponseOutputMessage.Content content) {
    return content.outputText().map(text -> text.text())
        .or(() -> content.refusal().map(refusal -> refusal.refusal()))
        .orElse("");
  }
}
