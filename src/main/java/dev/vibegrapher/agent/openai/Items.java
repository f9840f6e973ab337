package dev.vibegrapher.agent.openai;

import com.fasterxml.jackson.core.type.TypeReference;
import com.openai.core.ObjectMappers;
import com.openai.models.responses.EasyInputMessage;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseStreamEvent;
import java.util.List;

/**
 * Conversation items as the SDK's JSON of response input items (what the agents' memory stores).
 */
public final class Items {

  private Items() {}

  // Built with the SDK's builders rather than read back through its union type, which tries every
  // variant.
  public static String userMessage(String text) {
    return Sdk.write(
        ResponseInputItem.ofEasyInputMessage(
            EasyInputMessage.builder()
                .role(EasyInputMessage.Role.USER)
                .content(text)
                .type(EasyInputMessage.Type.MESSAGE)
                .build()));
  }

  public static String toolOutput(String callId, String output) {
    return Sdk.write(
        ResponseInputItem.ofFunctionCallOutput(
            ResponseInputItem.FunctionCallOutput.builder().callId(callId).output(output).build()));
  }

  /** Reasoning, an assistant message or a function call: what a response's output holds. */
  public static boolean isModelOutput(String itemJson) {
    return Sdk.isModelOutput(Sdk.tree(itemJson));
  }

  public static boolean isReasoning(String itemJson) {
    return Sdk.type(itemJson).equals("reasoning");
  }

  public static boolean isFunctionCall(String itemJson) {
    return Sdk.type(itemJson).equals("function_call");
  }

  public static boolean isFunctionCallOutput(String itemJson) {
    return Sdk.type(itemJson).equals("function_call_output");
  }

  /**
   * Checks that a tool or text-format definition reads as the SDK type, so a broken resource fails
   * at once.
   */
  public static String tool(String json) {
    Sdk.read(json, com.openai.models.responses.Tool.class);
    return json;
  }

  public static String textFormat(String json) {
    Sdk.read(json, com.openai.models.responses.ResponseTextConfig.class);
    return json;
  }

  /**
   * Walks the paths a real call takes (request body, stream events, response JSON) without the
   * network, so the first user's run does not load the SDK's classes. Returns the completed
   * responses' text, for the caller to exercise its own parsing.
   */
  public static List<String> warmUp(ResponsesApi.Request request, String streamEventsJson)
      throws Exception {
    ObjectMappers.jsonMapper().writeValueAsString(SdkResponsesApi.params(request)._body());
    List<ResponseStreamEvent> events =
        ObjectMappers.jsonMapper()
            .readValue(streamEventsJson, new TypeReference<List<ResponseStreamEvent>>() {});
    List<String> texts = new java.util.ArrayList<>();
    for (ResponseStreamEvent event : events) {
      event.validate();
      event
          .completed()
          .ifPresent(
              done -> {
                Sdk.remembered(done.response())
                    .forEach(json -> Sdk.read(json, ResponseInputItem.class).validate());
                texts.add(Sdk.reply(done.response()).text());
              });
    }
    return texts;
  }
}
