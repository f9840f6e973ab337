package dev.vibegrapher.agent.entity;

/** What one LLM call consumed, as the provider reported it. */
public record TokenUsage(
    long promptTokens,
    long cachedPromptTokens,
    long completionTokens,
    long totalTokens,
    String model,
    String agent,
    int iteration) {}
