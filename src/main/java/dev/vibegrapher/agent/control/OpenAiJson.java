package dev.vibegrapher.agent.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.core.ObjectMappers;

/** The SDK's own JSON mapping, so what is stored reads back into the same SDK types. */
final class OpenAiJson {

  private OpenAiJson() {
  }

  static String write(Object value) {
    try {
      return ObjectMappers.jsonMapper().writeValueAsString(value);
    } catch (JsonProcessingException impossible) {
      throw new IllegalStateException("SDK value could not be written as JSON", impossible);
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

  static <T> T read(String json, Class<T> type) {
    try {
      return ObjectMappers.jsonMapper().readValue(json, type);
    } catch (JsonProcessingException corrupt) {
      throw new IllegalStateException("Stored " + type.getSimpleName() + " JSON could not be read", corrupt);
    }
  }
}
