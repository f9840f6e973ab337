package dev.vibegrapher.agent.entity;

import java.util.Objects;

/**
 * Who spends tokens, as the budgets see it: a caller (identity's subject, stable across their
 * tokens and logins), working in a session of a project. Every budget is one of these three, per
 * day or in all, or the server's own.
 */
public record Spender(String projectId, String sessionId, String callerSubject) {

  public Spender {
    Objects.requireNonNull(projectId, "projectId");
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(callerSubject, "callerSubject");
  }
}
