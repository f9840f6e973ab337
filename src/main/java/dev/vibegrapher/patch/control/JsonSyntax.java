package dev.vibegrapher.patch.control;

import jakarta.json.Json;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.util.Optional;

/** JSON is checked by reading it through to the end with the platform's JSON parser. */
final class JsonSyntax {

  private JsonSyntax() {}

  static Optional<String> check(String code) {
    try (JsonParser parser = Json.createParser(new StringReader(code))) {
      while (parser.hasNext()) {
        parser.next();
      }
      return Optional.empty();
    } catch (JsonParsingException invalid) {
      return Optional.of(
          "JSON syntax error: "
              + invalid.getMessage()
              + " (line "
              + invalid.getLocation().getLineNumber()
              + ")");
    } catch (RuntimeException invalid) {
      return Optional.of("JSON syntax error: " + invalid.getMessage());
    }
  }
}
