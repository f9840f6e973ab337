package dev.vibegrapher.platform.boundary;

import dev.vibegrapher.client.problem.Problem;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Makes /openapi say what the wire does: every operation documents the problem+json errors the
 * mappers produce; schema properties are spelled snake_case as JSON-B writes them; path templates
 * lose their JAX-RS regular expressions; and the scanner's empty defaults (maxProperties 0, ...),
 * which would misdescribe the bodies, are dropped.
 */
public class ProblemResponses implements OASFilter {

  private static final String PROBLEM_REF = "#/components/schemas/Problem";

  /** Marks an operation that needs no caller, so no 401 or 403 is documented for it. */
  public static final String NO_CALLER_EXTENSION = "x-no-caller-needed";

  @Override
  public Operation filterOperation(Operation operation) {
    APIResponses responses =
        operation.getResponses() == null
            ? OASFactory.createAPIResponses()
            : operation.getResponses();
    if (responses.getAPIResponses() != null) {
      responses
          .getAPIResponses()
          .forEach(
              (code, declared) -> {
                if ((code.startsWith("4") || code.startsWith("5"))
                    && declared.getContent() == null) {
                  declared.content(problemContent());
                }
              });
    }
    // The one route that needs no caller (the dashboard's login options) answers neither.
    if (operation.getExtensions() == null
        || !operation.getExtensions().containsKey(NO_CALLER_EXTENSION)) {
      add(
          responses,
          "401",
          "No caller, or a bearer token that is not valid (WWW-Authenticate: Bearer)");
      add(responses, "403", "The caller's role is too low: role_needed names the one this needs");
    }
    add(responses, "404", "No such resource");
    add(responses, "500", "Unexpected failure, with a correlation id");
    if (operation.getRequestBody() != null) {
      add(responses, "400", "Malformed JSON or invalid fields (named in errors)");
      add(responses, "413", "Body larger than VIBEGRAPHER_MAX_BODY_BYTES");
      add(responses, "415", "Body not sent as application/json");
    }
    return operation.responses(responses);
  }

  private static void add(APIResponses responses, String code, String description) {
    if (responses.hasAPIResponse(code)) {
      return;
    }
    responses.addAPIResponse(
        code, OASFactory.createAPIResponse().description(description).content(problemContent()));
  }

  private static org.eclipse.microprofile.openapi.models.media.Content problemContent() {
    return OASFactory.createContent()
        .addMediaType(
            Problem.MEDIA_TYPE,
            OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM_REF)));
  }

  @Override
  public Schema filterSchema(Schema schema) {
    schema.setMaxProperties(nullIfZero(schema.getMaxProperties()));
    schema.setMinProperties(nullIfZero(schema.getMinProperties()));
    schema.setMinLength(nullIfZero(schema.getMinLength()));
    schema.setUniqueItems(nullIfFalse(schema.getUniqueItems()));
    schema.setExclusiveMaximum(nullIfFalse(schema.getExclusiveMaximum()));
    schema.setExclusiveMinimum(nullIfFalse(schema.getExclusiveMinimum()));
    schema.setNullable(nullIfFalse(schema.getNullable()));
    schema.setReadOnly(nullIfFalse(schema.getReadOnly()));
    schema.setWriteOnly(nullIfFalse(schema.getWriteOnly()));
    schema.setDeprecated(nullIfFalse(schema.getDeprecated()));
    if (schema.getProperties() != null) {
      Map<String, Schema> wireNames = new LinkedHashMap<>();
      schema
          .getProperties()
          .forEach(
              (name, property) -> wireNames.put(ValidationErrorMapper.snakeCase(name), property));
      schema.setProperties(wireNames);
    }
    if (schema.getRequired() != null) {
      schema.setRequired(
          schema.getRequired().stream().map(ValidationErrorMapper::snakeCase).toList());
    }
    return schema;
  }

  private static Integer nullIfZero(Integer value) {
    return Integer.valueOf(0).equals(value) ? null : value;
  }

  private static Boolean nullIfFalse(Boolean value) {
    return Boolean.FALSE.equals(value) ? null : value;
  }

  @Override
  public void filterOpenAPI(OpenAPI openAPI) {
    if (openAPI.getPaths() != null) {
      Map<String, PathItem> plain = new LinkedHashMap<>();
      openAPI
          .getPaths()
          .getPathItems()
          .forEach(
              (path, item) -> plain.put(path.replaceAll("\\{(\\w+)\\s*:[^}]*}", "{$1}"), item));
      openAPI.getPaths().setPathItems(plain);
    }
    Components components =
        openAPI.getComponents() == null ? OASFactory.createComponents() : openAPI.getComponents();
    Schema text = OASFactory.createSchema().type(Schema.SchemaType.STRING);
    Schema problem =
        OASFactory.createSchema()
            .type(Schema.SchemaType.OBJECT)
            .description("RFC 9457 problem detail")
            .properties(
                Map.of(
                    "type",
                    text,
                    "title",
                    text,
                    "status",
                    OASFactory.createSchema().type(Schema.SchemaType.INTEGER),
                    "detail",
                    text,
                    "errors",
                    OASFactory.createSchema()
                        .type(Schema.SchemaType.ARRAY)
                        .description("The invalid fields, by their names on the wire")
                        .items(
                            OASFactory.createSchema()
                                .type(Schema.SchemaType.OBJECT)
                                .properties(Map.of("field", text, "message", text))),
                    "correlation_id",
                    OASFactory.createSchema()
                        .type(Schema.SchemaType.STRING)
                        .description("Present on 500: the same id is in the server log")));
    components.addSchema("Problem", problem);
    openAPI.components(components);
  }
}
