package dev.vibegrapher.session.control;

import dev.vibegrapher.agent.entity.UsageTotals;
import dev.vibegrapher.session.entity.VibecodeSession;
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
    UsageTotals usageTotals) {

  public static SessionView of(VibecodeSession session, UsageTotals totals) {
    return new SessionView(
        session.id(),
        session.projectId(),
        session.openaiSessionKey(),
        session.sessionType(),
        session.nodeId(),
        session.branch(),
        session.createdAt(),
        session.updatedAt(),
        totals);
  }
}
