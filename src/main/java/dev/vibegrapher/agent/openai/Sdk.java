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

  private Sdk() {}

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
      throw new IllegalStateException(
          "Stored " + type.getSimpleName() + " JSON could not be read", corrupt);
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

  static JsonNode tree(String json) {
    try {
      return ObjectMappers.jsonMapper().readTree(json);
    } catch (JsonProcessingException corrupt) {
      throw new IllegalStateException("Stored JSON could not be read", corrupt);
    }
  }

  /**
   * A response as JSON. The SDK models timestamps as doubles; whole numbers are written as integers
   * again, as the API sent them (created_at 1795617202, not 1.795617202E9).
   */
  static String writeResponse(Object response) {
    JsonNode tree = ObjectMappers.jsonMapper().valueToTree(response);
    return wholeNumbersAsIntegers(tree).toString();
  }

  private static JsonNode wholeNumbersAsIntegers(JsonNode node) {
    if (node.isDouble()
        && node.doubleValue() == Math.rint(node.doubleValue())
        && Math.abs(node.doubleValue()) < 1e15) {
      return LongNode.valueOf((long) node.doubleValue());
    }
    if (node instanceof ObjectNode object) {
      object
          .properties()
          .forEach(field -> field.setValue(wholeNumbersAsIntegers(field.getValue())));
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        array.set(i, wholeNumbersAsIntegers(array.get(i)));
      }
    }
    return node;
  }

  /**
   * Usage as far as the server reports it: OpenAI-compatible servers may leave out the details
   * (cached tokens) or the whole usage, which then counts as zero rather than failing the call.
   */
  static ResponsesApi.Reply reply(Response completed) {
    long input = 0;
    long cached = 0;
    long output = 0;
    long total = 0;
    if (completed._usage().asKnown().isPresent()) {
      var usage = completed._usage().asKnown().get();
      input = usage._inputTokens().asKnown().orElse(0L);
      cached =
          usage
              ._inputTokensDetails()
              .asKnown()
              .flatMap(details -> details._cachedTokens().asKnown())
              .orElse(0L);
      output = usage._outputTokens().asKnown().orElse(0L);
      total = usage._totalTokens().asKnown().orElse(input + output);
    }
    return new ResponsesApi.Reply(
        completed.id(),
        writeResponse(completed),
        input,
        cached,
        output,
        total,
        text(completed),
        remembered(completed),
        completed.output().stream()
            .flatMap(item -> item.functionCall().stream())
            .findFirst()
            .map(
                call ->
                    new ResponsesApi.FunctionCall(call.callId(), call.name(), call.arguments())),
        refusal(completed));
  }

  /**
   * Reasoning items (with their encrypted content), messages and function calls are kept, in the
   * response's order: the API takes an output item back only together with the reasoning item it
   * was produced with.
   */
  static List<String> remembered(Response response) {
    List<String> items = new ArrayList<>();
    response
        .output()
        .forEach(
            item -> {
              item.reasoning()
                  .ifPresent(
                      reasoning -> items.add(write(ResponseInputItem.ofReasoning(reasoning))));
              item.message()
                  .ifPresent(
                      message ->
                          items.add(write(ResponseInputItem.ofResponseOutputMessage(message))));
              item.functionCall()
                  .ifPresent(call -> items.add(write(ResponseInputItem.ofFunctionCall(call))));
            });
    return items;
  }

  /**
   * The remembered items as the API takes them back without any state of its own (store: false):
   *
   * <ul>
   *   <li>a reasoning item goes only with its encrypted content and directly before the output item
   *       it was produced with ("provided without its required following item" otherwise);
   *   <li>a message or function call keeps its id only when its reasoning item goes with it
   *       ("provided without its required 'reasoning' item" otherwise); without the id it is plain
   *       input, as items remembered before reasoning items were kept are sent;
   *   <li>to a model that does not reason no reasoning item goes, and no output item's id.
   * </ul>
   */
  static JsonValue replayable(List<String> items, boolean reasons) {
    ArrayNode array = ObjectMappers.jsonMapper().createArrayNode();
    List<JsonNode> trees = items.stream().map(Sdk::tree).toList();
    boolean reasoningGoesWith = false;
    for (int i = 0; i < trees.size(); i++) {
      JsonNode item = trees.get(i);
      if (isReasoning(item)) {
        JsonNode next = i + 1 < trees.size() ? trees.get(i + 1) : null;
        reasoningGoesWith =
            reasons
                && item.path("encrypted_content").isTextual()
                && next != null
                && isModelOutput(next)
                && !isReasoning(next);
        if (reasoningGoesWith) {
          array.add(item);
        }
      } else if (isModelOutput(item)) {
        array.add(reasoningGoesWith ? item : withoutId(item));
      } else {
        reasoningGoesWith = false;
        array.add(item);
      }
    }
    return JsonValue.fromJsonNode(array);
  }

  /** Reasoning, an assistant message or a function call: what a response's output holds. */
  static boolean isModelOutput(JsonNode item) {
    String type = item.path("type").asText();
    return type.equals("reasoning")
        || type.equals("function_call")
        || (type.equals("message") && item.path("role").asText().equals("assistant"));
  }

  static boolean isReasoning(JsonNode item) {
    return item.path("type").asText().equals("reasoning");
  }

  private static JsonNode withoutId(JsonNode item) {
    if (!item.has("id")) {
      return item;
    }
    ObjectNode copy = ((ObjectNode) item).deepCopy();
    copy.remove("id");
    return copy;
  }

  /** The model's refusal, when its answer is one. */
  static java.util.Optional<String> refusal(Response response) {
    String refused =
        response.output().stream()
            .flatMap(item -> item.message().stream())
            .flatMap(message -> message.content().stream())
            .flatMap(content -> content.refusal().stream())
            .map(part -> part.refusal())
            .collect(Collectors.joining());
    return refused.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(refused);
  }

  static String text(Response response) {
    return response.output().stream()
        .flatMap(item -> item.message().stream())
        .flatMap(message -> message.content().stream())
        .map(Sdk::contentText)
        .collect(Collectors.joining());
  }

  private static String contentText(ResponseOutputMessage.Content content) {
    return content
        .outputText()
        .map(text -> text.text())
        .or(() -> content.refusal().map(refusal -> refusal.refusal()))
        .orElse("");
  }
}
