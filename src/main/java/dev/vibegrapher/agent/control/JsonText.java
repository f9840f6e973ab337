package dev.vibegrapher.agent.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads the JSON the models write (tool arguments, structured answers); the SDK stays behind its
 * bridge.
 */
final class JsonText {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonText() {}

  static JsonNode parse(String json) throws JsonProcessingException {
    return MAPPER.readTree(json);
  }
}
