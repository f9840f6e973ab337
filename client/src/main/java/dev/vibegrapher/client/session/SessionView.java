package dev.vibegrapher.client.session;

import dev.vibegrapher.client.agent.UsageTotals;
import java.time.Instant;

/** A session as clients see it, with the running totals of what its LLM calls cost. */
public record SessionView(
    String id,
    String projectId,
    String openaiSessionKey,
    String sessionType,
    String nodeId,
    String branch,
    Instant createdAt,
    Instant updatedAt,
    UsageTotals usageTotals) {}
