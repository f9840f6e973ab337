package dev.vibegrapher.agent.control;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibegrapher.agent.entity.Agent;
import dev.vibegrapher.agent.entity.Verdict;
import dev.vibegrapher.agent.openai.Items;
import dev.vibegrapher.agent.openai.ResponsesApi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;

/** The reviewing agent: a structured verdict on one patch, with its own memory. */
@ApplicationScoped
public class Evaluator {

  private static final String INSTRUCTIONS = AgentResources.text("evaluator.md");
  private static final String VERDICT_FORMAT =
      Items.textFormat(AgentResources.text("verdict.text.json"));
  private static final String MESSAGE_INSTRUCTIONS = AgentResources.text("commit-message.md");
  private static final String MESSAGE_FORMAT =
      Items.textFormat(AgentResources.text("commit-message.text.json"));

  @Inject LlmGateway gateway;
  @Inject LlmSettings settings;

  LlmReply review(List<String> input, int iteration) {
    ResponsesApi.Request params =
        reviewRequest(settings.evaluatorModel(), settings.reasoningEffort(), input);
    return gateway.respond(
        new LlmCall(
            Agent.EVALUATOR,
            settings.evaluatorModel(),
            iteration,
            params,
            LlmCall.TextDeltas.IGNORED));
  }

  /**
   * What asking for a review sends: the evaluator's instructions and the verdict's structured
   * output.
   */
  static ResponsesApi.Request reviewRequest(
      String model, Optional<String> reasoningEffort, List<String> input) {
    return new ResponsesApi.Request(
        model,
        INSTRUCTIONS,
        input,
        Optional.empty(),
        Optional.of(VERDICT_FORMAT),
        reasoningEffort,
        false);
  }

  /**
   * The verdict of a review's response. A refusal is no verdict, and no rejection the coder could
   * answer with another patch either: it fails the run, saying so (docs/agents.md).
   */
  static Verdict verdict(ResponsesApi.Reply review) {
    review
        .refusal()
        .ifPresent(
            refusal -> {
              throw new LlmRefused("The evaluator declined to review the patch: " + refusal, null);
            });
    return verdict(Conversation.text(review));
  }

  /** A better commit message for a diff, and what asking for it cost. */
  public record CommitMessage(String message, dev.vibegrapher.agent.entity.TokenUsage usage) {}

  /** Proposes a commit message; a one-off call outside the evaluator's memory. */
  public CommitMessage proposeCommitMessage(
      String prompt, String diff, String currentMessage, String hint) {
    String question =
        "Request:\n"
            + prompt
            + "\n\nDiff:\n```diff\n"
            + diff
            + "```\n\nCurrent message:\n"
            + currentMessage
            + (hint == null || hint.isBlank()
                ? ""
                : "\n\nHint from the person committing:\n" + hint);
    ResponsesApi.Request params =
        new ResponsesApi.Request(
            settings.evaluatorModel(),
            MESSAGE_INSTRUCTIONS,
            List.of(Conversation.userMessage(question)),
            Optional.empty(),
            Optional.of(MESSAGE_FORMAT),
            settings.reasoningEffort(),
            false);
    LlmReply reply =
        gateway.respond(
            new LlmCall(
                Agent.EVALUATOR, settings.evaluatorModel(), 0, params, LlmCall.TextDeltas.IGNORED));
    reply
        .response()
        .refusal()
        .ifPresent(
            refusal -> {
              throw new LlmRefused(
                  "The evaluator declined to propose a commit message: " + refusal,
                  null,
                  reply.usage());
            });
    String text = Conversation.text(reply.response());
    try {
      String message = JsonText.parse(text).path("commit_message").asText("").strip();
      if (message.isEmpty()) {
        throw new LlmRefused("The evaluator proposed no commit message.", null, reply.usage());
      }
      return new CommitMessage(message, reply.usage());
    } catch (com.fasterxml.jackson.core.JsonProcessingException notJson) {
      throw new LlmRefused(
          "The evaluator's answer was not a commit message: " + text, notJson, reply.usage());
    }
  }

  static String request(
      String prompt,
      String description,
      String diff,
      String fileName,
      String original,
      String patched) {
    return "User request:\n"
        + prompt
        + "\n\nEngineer's description:\n"
        + description
        + "\n\nDiff:\n```diff\n"
        + diff
        + "```"
        + "\n\n"
        + fileName
        + " before:\n```\n"
        + original
        + "\n```"
        + "\n\n"
        + fileName
        + " after:\n```\n"
        + patched
        + "\n```";
  }

  /** The verdict in the response, or a rejection saying the answer could not be read. */
  static Verdict verdict(String outputText) {
    try {
      JsonNode node = JsonText.parse(outputText);
      if (node == null || !node.path("approved").isBoolean()) {
        return unreadable(outputText);
      }
      return new Verdict(
          node.path("approved").asBoolean(),
          node.path("reasoning").asText(""),
          node.path("commit_message").asText(""));
    } catch (com.fasterxml.jackson.core.JsonProcessingException notJson) {
      return unreadable(outputText);
    }
  }

  private static Verdict unreadable(String outputText) {
    return new Verdict(false, "The evaluator's answer was not a verdict: " + outputText, "");
  }
}
