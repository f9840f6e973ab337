package dev.vibegrapher.session.control;

import dev.vibegrapher.agent.control.AgentMemory;
import dev.vibegrapher.identity.entity.Caller;
import dev.vibegrapher.review.control.NewAttempts;
import dev.vibegrapher.review.entity.DiffCommitted;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** What a session does about the human's decisions on its diffs. */
@ApplicationScoped
public class ReviewReactions implements NewAttempts {

  @Inject RunService runs;
  @Inject SessionStore sessions;
  @Inject AgentMemory memory;

  /** A rejection with feedback is a new attempt in the same session. */
  @Override
  public String afterRejection(
      String sessionId, String prompt, Caller author, Runnable recordRejection) {
    return runs.start(sessionId, prompt, author, recordRejection).runId();
  }

  /** After a commit the evaluator judges the next change afresh; the coder keeps its history. */
  void forgetEvaluations(@Observes DiffCommitted commit) {
    sessions
        .find(commit.sessionId())
        .ifPresent(session -> memory.clear(AgentMemory.evaluatorKey(session.openaiSessionKey())));
  }
}
