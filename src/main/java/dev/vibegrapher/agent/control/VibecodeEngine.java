package dev.vibegrapher.agent.control;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibegrapher.agent.entity.Agent;
import dev.vibegrapher.agent.entity.AgentStep;
import dev.vibegrapher.agent.entity.Outcome;
import dev.vibegrapher.agent.entity.StepType;
import dev.vibegrapher.agent.entity.Verdict;
import dev.vibegrapher.agent.openai.Items;
import dev.vibegrapher.agent.openai.ResponsesApi;
import dev.vibegrapher.patch.control.PatchApplier.AppliedPatch;
import dev.vibegrapher.patch.control.PatchRejected;
import dev.vibegrapher.patch.control.PatchValidation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * One user request through the agents: the coder answers or submits a patch; the patch is applied
 * and syntax-checked (failures go back verbatim); a valid patch goes to the evaluator, whose
 * verdict goes back to the coder, for at most max-iterations verdicts. The coder's memory keeps the
 * whole exchange, whatever the outcome, so the next message continues with full context.
 */
@ApplicationScoped
public class VibecodeEngine {

  @Inject VibeCoder coder;
  @Inject Evaluator evaluator;
  @Inject AgentMemory memory;
  @Inject PatchValidation validation;
  @Inject LlmSettings settings;

  @Inject
  @ConfigProperty(name = "vibegrapher.max-iterations")
  int maxIterations;

  @Inject
  @ConfigProperty(name = "vibegrapher.max-patch-attempts")
  int maxPatchAttempts;

  /** How many evaluator verdicts a run may take: the rounds a dashboard counts. */
  public int maxIterations() {
    return maxIterations;
  }

  public Outcome run(VibecodeRequest request, RunListener listener) {
    if (settings.apiKey().isEmpty()) {
      return new Outcome.Failure(
          "No OpenAI API key is configured: set OPENAI_API_KEY (and OPENAI_BASE_URL for a compatible server).",
          null);
    }
    List<String> history = memory.load(request.memoryKey());
    List<String> turn = new ArrayList<>();
    turn.add(
        Conversation.userMessage(
            VibeCoder.request(request.prompt(), request.fileName(), request.code())));
    try {
      return converse(request, history, turn, listener);
    } catch (LlmRefused | LlmUnavailable failure) {
      return new Outcome.Failure(failure.getMessage(), null);
    } catch (FaultToleranceException guard) {
      return new Outcome.Failure(guardDetail(guard), null);
    } catch (RunStopped stopped) {
      return new Outcome.Failure(stopped.getMessage(), null);
    } finally {
      memory.append(request.memoryKey(), answeredOnly(turn));
    }
  }

  private Outcome converse(
      VibecodeRequest request, List<String> history, List<String> turn, RunListener listener) {
    int verdicts = 0;
    int refusedInARow = 0;
    while (true) {
      int iteration = verdicts + 1;
      LlmReply reply =
          coder.turn(
              Conversation.concat(history, turn),
              iteration,
              (attempt, delta) -> listener.textDelta(Agent.VIBECODER, iteration, attempt, delta));
      turn.addAll(Conversation.remembered(reply.response()));
      StepReporter report = new StepReporter(listener, Agent.VIBECODER, iteration, reply);
      String text = Conversation.text(reply.response());
      if (!text.isBlank()) {
        report.step(StepType.TEXT, text, null, null);
      }
      Optional<ResponsesApi.FunctionCall> call = Conversation.firstFunctionCall(reply.response());
      if (call.isEmpty()) {
        if (text.isBlank()) {
          report.step(StepType.TEXT, "", null, null);
        }
        return new Outcome.TextAnswer(text);
      }
      PatchProposal proposal = PatchProposal.of(call.get());
      report.step(StepType.TOOL_CALL, proposal.description(), proposal.patch(), null);
      AppliedPatch applied;
      try {
        applied = proposal.check(call.get().name(), request, validation);
      } catch (PatchRejected rejected) {
        answerTool(turn, listener, call.get(), rejected.getMessage(), iteration);
        if (++refusedInARow >= maxPatchAttempts) {
          return new Outcome.Failure(
              "The coder's patch was refused " + refusedInARow + " times in a row.",
              rejected.getMessage());
        }
        continue;
      }
      refusedInARow = 0;
      Verdict verdict = evaluate(request, proposal, applied, iteration, listener);
      verdicts++;
      answerTool(turn, listener, call.get(), verdictForCoder(verdict), iteration);
      if (verdict.approved()) {
        return new Outcome.ApprovedDiff(
            applied.normalizedDiff(),
            applied.patchedCode(),
            proposal.description(),
            request.baseCommit(),
            request.branch(),
            verdict,
            iteration);
      }
      if (verdicts >= maxIterations) {
        return new Outcome.Failure(
            "Max iterations reached (" + maxIterations + " evaluator verdicts without approval).",
            verdict.reasoning());
      }
    }
  }

  private Verdict evaluate(
      VibecodeRequest request,
      PatchProposal proposal,
      AppliedPatch applied,
      int iteration,
      RunListener listener) {
    String memoryKey = AgentMemory.evaluatorKey(request.memoryKey());
    String question =
        Conversation.userMessage(
            Evaluator.request(
                request.prompt(),
                proposal.description(),
                applied.normalizedDiff(),
                request.fileName(),
                request.code(),
                applied.patchedCode()));
    List<String> history = memory.load(memoryKey);
    LlmReply reply = evaluator.review(Conversation.concat(history, List.of(question)), iteration);
    List<String> exchange = new ArrayList<>();
    exchange.add(question);
    exchange.addAll(Conversation.remembered(reply.response()));
    memory.append(memoryKey, exchange);
    Verdict verdict = Evaluator.verdict(reply.response());
    new StepReporter(listener, Agent.EVALUATOR, iteration, reply)
        .step(StepType.EVALUATION, verdict.reasoning(), null, verdict);
    return verdict;
  }

  private static void answerTool(
      List<String> turn,
      RunListener listener,
      ResponsesApi.FunctionCall call,
      String output,
      int iteration) {
    turn.add(Conversation.toolOutput(call.callId(), output));
    listener.step(AgentStep.plain(Agent.VIBECODER, StepType.TOOL_RESULT, output, iteration));
  }

  private static String verdictForCoder(Verdict verdict) {
    return (verdict.approved()
            ? "Approved by the evaluator. "
            : "Rejected by the evaluator; send a corrected patch. ")
        + "Reasoning: "
        + verdict.reasoning();
  }

  /**
   * A call left without its output (the run stopped in between) would make the API refuse the next
   * turn, and so would the reasoning item that produced it: a turn's memory ends after an answer.
   */
  private static List<String> answeredOnly(List<String> turn) {
    List<String> kept = new ArrayList<>(turn);
    while (!kept.isEmpty()
        && (Items.isFunctionCall(kept.get(kept.size() - 1))
            || Items.isReasoning(kept.get(kept.size() - 1)))) {
      kept.remove(kept.size() - 1);
    }
    return kept;
  }

  private static String guardDetail(FaultToleranceException guard) {
    if (guard instanceof CircuitBreakerOpenException) {
      return "The LLM service failed repeatedly; calls are paused for a while (circuit open). Try again later.";
    }
    if (guard instanceof BulkheadException) {
      return "Too many LLM calls are in progress; try again shortly.";
    }
    if (guard instanceof TimeoutException) {
      return "The LLM did not answer in time.";
    }
    return "The LLM call failed: " + guard.getMessage();
  }

  /** The arguments of a submit_patch call. */
  private record PatchProposal(String patch, String description, String argumentError) {

    static PatchProposal of(ResponsesApi.FunctionCall call) {
      try {
        JsonNode arguments = JsonText.parse(call.arguments());
        if (arguments == null || !arguments.path("patch").isTextual()) {
          return new PatchProposal(
              "",
              "",
              "The submit_patch arguments must be a JSON object with a string \"patch\" and a string \"description\".");
        }
        return new PatchProposal(
            arguments.path("patch").asText(), arguments.path("description").asText(""), null);
      } catch (com.fasterxml.jackson.core.JsonProcessingException malformed) {
        return new PatchProposal(
            "",
            "",
            "The submit_patch arguments are not valid JSON: " + malformed.getOriginalMessage());
      }
    }

    AppliedPatch check(String toolName, VibecodeRequest request, PatchValidation validation)
        throws PatchRejected {
      if (!VibeCoder.SUBMIT_PATCH.equals(toolName)) {
        throw new PatchRejected(
            "There is no tool named \"" + toolName + "\"; the only tool is submit_patch.");
      }
      if (argumentError != null) {
        throw new PatchRejected(argumentError);
      }
      return validation.validate(request.fileName(), request.code(), patch);
    }
  }
}
