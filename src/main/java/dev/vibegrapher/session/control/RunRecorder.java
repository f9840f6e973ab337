package dev.vibegrapher.session.control;

import dev.vibegrapher.agent.control.Budgets;
import dev.vibegrapher.agent.control.RunListener;
import dev.vibegrapher.agent.control.RunStopped;
import dev.vibegrapher.agent.control.Spending;
import dev.vibegrapher.agent.entity.Agent;
import dev.vibegrapher.agent.entity.AgentStep;
import dev.vibegrapher.agent.entity.Outcome;
import dev.vibegrapher.agent.entity.Spender;
import dev.vibegrapher.agent.entity.StepType;
import dev.vibegrapher.client.session.TokenUsageView;
import dev.vibegrapher.realtime.entity.EventType;
import dev.vibegrapher.realtime.entity.ProjectEvent;
import dev.vibegrapher.review.control.DiffStore;
import dev.vibegrapher.review.control.DiffViews;
import dev.vibegrapher.review.entity.Diff;
import dev.vibegrapher.session.entity.ConversationMessage;
import jakarta.enterprise.event.Event;
import java.util.Arrays;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * Stores each step of one run and then, at once, publishes it: nothing reaches a dashboard that a
 * reload would not find in the database.
 */
final class RunRecorder implements RunListener {

  private static final int PREVIEW_LINES = 10;

  private final SessionStore store;
  private final DiffStore diffs;
  private final Event<ProjectEvent> events;
  private Spending spending;
  private Budgets budgets;
  private Spender spender;
  private final String projectId;
  private final String sessionId;
  private final String runId;
  private final DeltaBuffer deltas;
  private BooleanSupplier endedElsewhere = () -> false;
  private Runnable beforeLastEvent = () -> {};

  RunRecorder(
      SessionStore store,
      DiffStore diffs,
      Event<ProjectEvent> events,
      String projectId,
      String sessionId,
      String runId,
      long deltaIntervalMillis) {
    this.store = store;
    this.diffs = diffs;
    this.events = events;
    this.projectId = projectId;
    this.sessionId = sessionId;
    this.runId = runId;
    this.deltas = new DeltaBuffer(deltaIntervalMillis, System::nanoTime, this::publishDelta);
  }

  /**
   * Runs once the run's end is stored, just before its vibecode_completed or vibecode_error goes
   * out: a client that sends its next message on that event must find the session free.
   */
  RunRecorder beforeLastEvent(Runnable action) {
    this.beforeLastEvent = action;
    return this;
  }

  /**
   * Whose run this is: every call it makes is written to the ledger for this caller, and the run
   * stops after a call that used up a budget. Needed before the first step; a recorder that only
   * fails a run (at a restart, where nobody is known) makes no call.
   */
  RunRecorder spentBy(String callerSubject, Spending ledger, Budgets limits) {
    this.spender = new Spender(projectId, sessionId, callerSubject);
    this.spending = ledger;
    this.budgets = limits;
    return this;
  }

  /**
   * Stops the run at its next step once this is true: its end was recorded by someone else (the
   * shutdown).
   */
  RunRecorder endedElsewhereWhen(BooleanSupplier ended) {
    this.endedElsewhere = ended;
    return this;
  }

  @Override
  public void step(AgentStep step) {
    stopIfEndedElsewhere();
    Spending.Recorded spent =
        step.usage() == null ? null : spending.record(spender, runId, step.usage());
    TokenUsageView usage =
        spent == null ? null : SessionViews.tokenUsage(step.usage(), spent.cost().orElse(null));
    ConversationMessage message =
        record(
            new MessageDraft(
                sessionId,
                runId,
                "assistant",
                step.agent().wireName(),
                step.type().wireName(),
                content(step),
                preview(step.patch()),
                step.iteration(),
                usage == null ? null : SessionViews.json(usage),
                null,
                step.responseId(),
                step.rawResponse(),
                null));
    if (usage != null) {
      publish(
          EventType.TOKEN_USAGE,
          RunEvents.Usage.of(sessionId, runId, message.id(), usage, spent.sessionTotalTokens()));
      budgets
          .exhaustedBudget(spender)
          .ifPresent(
              budget -> {
                throw new RunStopped(
                    budget.detail() + " The run stopped after the call that crossed it.");
              });
    }
  }

  @Override
  public void textDelta(Agent agent, int iteration, int attempt, String delta) {
    stopIfEndedElsewhere();
    deltas.add(agent, iteration, attempt, delta);
  }

  /**
   * The outcome as the run's last message, then exactly one vibecode_completed or vibecode_error.
   */
  void finish(Outcome outcome, String prompt) {
    if (!store.stillRunning(runId)) {
      // Taken over by another instance while this one could not renew its lease: that instance
      // recorded the run's end, and nothing of a run may follow it.
      return;
    }
    if (outcome instanceof Outcome.ApprovedDiff approved) {
      Diff diff =
          diffs.insert(
              new Diff(
                  sessionId,
                  projectId,
                  approved.baseCommit(),
                  approved.branch(),
                  approved.diff(),
                  prompt,
                  approved.verdict().reasoning(),
                  approved.verdict().commitMessage()));
      publish(
          EventType.DIFF_CREATED, new RunEvents.DiffCreated(sessionId, runId, DiffViews.of(diff)));
      record(
          outcomeDraft(
                  StepType.OUTCOME,
                  "The evaluator approved the change; it waits for your review.",
                  approved.iteration())
              .withDiff(diff.id()));
      if (!store.finish(runId, run -> run.complete("diff"))) {
        return;
      }
      publishLast(
          EventType.VIBECODE_COMPLETED,
          new RunEvents.Completed(sessionId, runId, "diff", diff.id()));
    } else if (outcome instanceof Outcome.TextAnswer) {
      record(outcomeDraft(StepType.OUTCOME, "Answered in text.", null));
      if (!store.finish(runId, run -> run.complete("text"))) {
        return;
      }
      publishLast(
          EventType.VIBECODE_COMPLETED, new RunEvents.Completed(sessionId, runId, "text", null));
    } else if (outcome instanceof Outcome.Failure failure) {
      fail(failure.detail(), failure.finalFeedback());
    }
  }

  void fail(String detail, String finalFeedback) {
    String content =
        finalFeedback == null ? detail : detail + "\n\nLast feedback: " + finalFeedback;
    // The end first: when another instance recorded it already, this one adds nothing.
    if (!store.finish(runId, run -> run.fail(detail))) {
      return;
    }
    record(outcomeDraft(StepType.ERROR, content, null));
    publishLast(
        EventType.VIBECODE_ERROR, new RunEvents.Failed(sessionId, runId, detail, finalFeedback));
  }

  /**
   * Stores the run with its prompt, and what {@code alsoStored} stores, in one transaction (the
   * caller's, if one is active); {@link #announce} publishes the prompt once it is stored.
   */
  ConversationMessage begin(
      dev.vibegrapher.session.entity.VibecodeRun run, MessageDraft prompt, Runnable alsoStored) {
    return store.begin(run, prompt, alsoStored);
  }

  void announce(ConversationMessage prompt) {
    publish(EventType.CONVERSATION_MESSAGE, SessionViews.of(prompt));
  }

  ConversationMessage record(MessageDraft draft) {
    ConversationMessage message = store.append(draft);
    publish(EventType.CONVERSATION_MESSAGE, SessionViews.of(message));
    return message;
  }

  // Nothing of a run may follow its vibecode_error.
  private void stopIfEndedElsewhere() {
    if (endedElsewhere.getAsBoolean()) {
      throw new RunStopped("The run's end was already recorded.");
    }
  }

  private MessageDraft outcomeDraft(StepType type, String content, Integer iteration) {
    return new MessageDraft(
        sessionId,
        runId,
        "assistant",
        "vibecoder",
        type.wireName(),
        content,
        null,
        iteration,
        null,
        null,
        null,
        null,
        null);
  }

  private void publish(EventType type, Object data) {
    deltas.flush();
    events.fire(new ProjectEvent(projectId, type, data));
  }

  private void publishLast(EventType type, Object data) {
    beforeLastEvent.run();
    publish(type, data);
  }

  private void publishDelta(Agent agent, int iteration, int attempt, String text) {
    events.fire(
        new ProjectEvent(
            projectId,
            EventType.CONVERSATION_DELTA,
            new RunEvents.Delta(sessionId, runId, agent.wireName(), iteration, attempt, text)));
  }

  private static String content(AgentStep step) {
    if (step.type() == StepType.EVALUATION && step.verdict() != null) {
      return (step.verdict().approved() ? "Approved: " : "Rejected: ") + step.verdict().reasoning();
    }
    return step.content() == null ? "" : step.content();
  }

  private static String preview(String patch) {
    if (patch == null) {
      return null;
    }
    return Arrays.stream(patch.split("\n", -1))
        .limit(PREVIEW_LINES)
        .collect(Collectors.joining("\n"));
  }
}
