package dev.vibegrapher.agent.control;

import dev.vibegrapher.agent.entity.TokenUsage;
import dev.vibegrapher.agent.openai.ResponsesApi;

/** A completed LLM response with its raw JSON, usage and how long it took. */
public record LlmReply(
    ResponsesApi.Reply response, String rawJson, TokenUsage usage, long latencyMillis) {}
