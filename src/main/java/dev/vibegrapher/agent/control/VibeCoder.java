package dev.vibegrapher.agent.control;

import com.openai.models.Reasoning;
import com.openai.models.ReasoningEffort;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.Tool;
import dev.vibegrapher.agent.entity.Agent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.function.Consumer;

/** The coder agent: answers in text or proposes a change through its submit_patch tool. */
@ApplicationScoped
public class VibeCoder {

  static final String SUBMIT_PATCH = "submit_patch";
  private static final String INSTRUCTIONS = AgentResources.text("vibecoder.md");
  private static final Tool SUBMIT_PATCH_TOOL = OpenAiJson.read(AgentResources.text("submit_patch.tool.json"), Tool.class);

  @Inject LlmGateway gateway;
  @Inject LlmSettings settings;

  LlmReply turn(List<ResponseInputItem> input, int iteration, Consumer<String> onTextDelta) {
    ResponseCreateParams.Builder params = ResponseCreateParams.builder()
        .model(settings.coderModel())
        .instructions(INSTRUCTIONS)
        .inputOfResponse(input)
        .addTool(SUBMIT_PATCH_TOOL)
        .parallelToolCalls(false);
    settings.reasoningEffort().ifPresent(effort -> params.reasoning(Reasoning.builder().effort(ReasoningEffort.of(effort)).build()));
    return gateway.respond(new LlmCall(Agent.VIBECODER, settings.coderModel(), iteration, params.build(), onTextDelta));
  }

  static String request(String prompt, String fileName, String code) {
    return "Current code of " + fileName + ":\n```\n" + code + (code.endsWith("\n") ? "" : "\n") + "```\n\nRequest:\n" + prompt;
  }
}
