package dev.vibegrapher.session.control;

import dev.vibegrapher.session.entity.VibecodeSession;
import java.time.Instant;

/** A session as clients see it. */
public record SessionView(String id, String projectId, String openaiSessionKey, String sessionType, String nodeId,
    Instant createdAt, Instant updatedAt) {

  public static SessionView of(VibecodeSession session) {
    return new SessionView(session.id(), session.projectId(), session.openaiSessionKey(), session.sessionType(),
        session.nodeId(), session.createdAt(), session.updatedAt());
  }
}
