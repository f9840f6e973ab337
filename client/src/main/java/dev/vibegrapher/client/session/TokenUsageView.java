package dev.vibegrapher.client.session;

import java.math.BigDecimal;

/**
 * Token usage as stored on a message and sent to clients; cost_usd is null for a model without a
 * price.
 */
public record TokenUsageView(
    long promptTokens,
    long cachedPromptTokens,
    long completionTokens,
    long totalTokens,
    String model,
    String agent,
    int iteration,
    BigDecimal costUsd) {}
