package dev.vibegrapher.agent.control;

import com.openai.models.responses.Response;
import dev.vibegrapher.agent.entity.TokenUsage;

/** A completed LLM response with its raw JSON, usage and how long it took. */
public record LlmReply(Response response, String rawJson, TokenUsage usage, long latencyMillis) {
}
