package dev.vibegrapher.agent.control;

import dev.vibegrapher.agent.entity.Agent;
import dev.vibegrapher.agent.openai.Items;
import dev.vibegrapher.agent.openai.ResponsesApi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;

/** The coder agent: answers in text or proposes a change through its submit_patch tool. */
@ApplicationScoped
public class VibeCoder {

  static final String SUBMIT_PATCH = "submit_patch";
  private static final String INSTRUCTIONS = AgentResources.text("vibecoder.md");
  private static final String SUBMIT_PATCH_TOOL =
      Items.tool(AgentResources.text("submit_patch.tool.json"));

  @Inject LlmGateway gateway;
  @Inject LlmSettings settings;

  LlmReply turn(List<String> input, int iteration, LlmCall.TextDeltas onTextDelta) {
    ResponsesApi.Request params =
        new ResponsesApi.Request(
            settings.coderModel(),
            INSTRUCTIONS,
            input,
            Optional.of(SUBMIT_PATCH_TOOL),
            Optional.empty(),
            settings.reasoningEffort(),
            false);
    return gateway.respond(
        new LlmCall(Agent.VIBECODER, settings.coderModel(), iteration, params, onTextDelta));
  }

  static String request(String prompt, String fileName, String code) {
    return "Current code of "
        + fileName
        + ":\n```\n"
        + code
        + (code.endsWith("\n") ? "" : "\n")
        + "```\n\nRequest:\n"
        + prompt;
  }
}
