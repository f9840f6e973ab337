package dev.vibegrapher.session.control;

import dev.vibegrapher.agent.control.AgentMemory;
import dev.vibegrapher.review.entity.DiffCommitted;
import dev.vibegrapher.review.entity.DiffRejected;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** What a session does about the human's decisions on its diffs. */
@ApplicationScoped
public class ReviewReactions {

  @Inject RunService runs;
  @Inject SessionStore sessions;
  @Inject AgentMemory memory;

  /** A rejection with feedback is a new attempt in the same session. */
  void retry(@Observes DiffRejected rejection) {
    rejection.runId().set(runs.start(rejection.sessionId(), rejection.prompt(), rejection.recordRejection()).runId());
  }

  /** After a commit the evaluator judges the next change afresh; the coder keeps its history. */
  void forgetEvaluations(@Observes DiffCommitted commit) {
    sessions.find(commit.sessionId())
        .ifPresent(session -> memory.clear(AgentMemory.evaluatorKey(session.openaiSessionKey())));
  }
}
