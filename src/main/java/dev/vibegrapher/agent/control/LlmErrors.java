package dev.vibegrapher.agent.control;

import dev.vibegrapher.agent.entity.Agent;
import dev.vibegrapher.agent.openai.LlmIoFailure;
import dev.vibegrapher.agent.openai.LlmServiceFailure;
import java.time.Duration;
import java.util.StringJoiner;

/**
 * What an LLM failure means, in our words, with the provider's status and error code for whoever
 * looks it up; never the provider's own text (it may quote the request, or part of the key).
 */
final class LlmErrors {

  private LlmErrors() {}

  /**
   * Worth another attempt: rate limits (except an exhausted quota), server errors, broken streams.
   */
  static boolean retryable(LlmServiceFailure failure) {
    if (failure.streamError()) {
      return true;
    }
    int status = failure.status();
    if (status == 429) {
      return !failure.code().filter("insufficient_quota"::equals).isPresent();
    }
    return status == 408 || status == 409 || status >= 500;
  }

  static String describe(LlmServiceFailure failure) {
    String terms = " (" + providerTerms(failure) + ")";
    return switch (failure.streamBreak()) {
      case ERROR_EVENT -> "The LLM's stream broke off with an error" + terms + ".";
      case RESPONSE_FAILED -> "The LLM failed to finish its response" + terms + ".";
      case ENDED_EARLY -> "The LLM's stream ended before the response was complete.";
      case NONE -> describeStatus(failure, terms);
    };
  }

  /**
   * A failure the provider had no word in: it was not reached, the connection broke, or it did not
   * answer in time.
   */
  static String describe(LlmIoFailure failure, Duration requestTimeout) {
    return failure.timedOut()
        ? "The LLM did not answer in time (request timeout " + requestTimeout.toSeconds() + " s)."
        : "The LLM service could not be reached, or the connection broke off.";
  }

  private static String describeStatus(LlmServiceFailure failure, String terms) {
    int status = failure.status();
    if (status == 429 && !retryable(failure)) {
      return "The LLM account has no quota left"
          + terms
          + ": check the plan and billing of the key's account.";
    }
    return switch (status) {
      case 400, 422 -> "The LLM service refused the request as invalid" + terms + ".";
      case 401 -> "The LLM service did not accept the API key" + terms + ": check OPENAI_API_KEY.";
      case 403 -> "The LLM service denied this key access" + terms + ".";
      case 404 ->
          "The LLM service does not know the model or the address"
              + terms
              + ": check VIBEGRAPHER_CODER_MODEL, VIBEGRAPHER_EVALUATOR_MODEL and OPENAI_BASE_URL.";
      case 408 -> "The LLM service timed out the request" + terms + ".";
      case 409 -> "The LLM service reported a conflict" + terms + ".";
      case 429 -> "The LLM service's rate limit was reached" + terms + ".";
      default ->
          status >= 500
              ? "The LLM service failed" + terms + "."
              : "The LLM service refused the request" + terms + ".";
    };
  }

  /**
   * "429 rate_limit_exceeded", "400 invalid_request_error, param input", "response.failed
   * server_error".
   */
  static String providerTerms(LlmServiceFailure failure) {
    StringJoiner terms = new StringJoiner(", ");
    String head =
        switch (failure.streamBreak()) {
          case ERROR_EVENT -> "stream error";
          case RESPONSE_FAILED -> "response.failed";
          case ENDED_EARLY -> "stream ended early";
          case NONE -> String.valueOf(failure.status());
        };
    String kind = failure.code().or(failure::type).orElse(null);
    terms.add(kind == null ? head : head + " " + kind);
    failure.param().ifPresent(param -> terms.add("param " + param));
    return terms.toString();
  }

  /** What the log gets: the terms, and how long the provider asked us to wait. */
  static String forLog(LlmServiceFailure failure) {
    return providerTerms(failure)
        + failure.retryAfter().map(wait -> " retry_after_ms=" + wait.toMillis()).orElse("");
  }

  static String incomplete(Agent agent, String reason) {
    String who = agent == Agent.EVALUATOR ? "evaluator" : "coder";
    String why =
        switch (reason) {
          case "max_output_tokens" -> "it reached the model's output limit";
          case "content_filter" -> "the provider's content filter stopped it";
          default -> "of " + reason;
        };
    return "The "
        + who
        + "'s answer was cut off before it was complete, because "
        + why
        + " (incomplete: "
        + reason
        + "); none of it was used.";
  }
}
