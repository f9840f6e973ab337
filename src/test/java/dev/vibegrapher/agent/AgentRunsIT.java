package dev.vibegrapher.agent;

import static dev.vibegrapher.support.Runs.framesUntilEnd;
import static dev.vibegrapher.support.Runs.ofType;
import static dev.vibegrapher.support.Runs.submitPatch;
import static dev.vibegrapher.support.Runs.typesWithoutDeltas;
import static dev.vibegrapher.support.Runs.verdict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibegrapher.client.ProblemException;
import dev.vibegrapher.client.ProjectsApi;
import dev.vibegrapher.client.SessionsApi;
import dev.vibegrapher.client.project.CreateProjectRequest;
import dev.vibegrapher.client.project.ProjectResponse;
import dev.vibegrapher.support.AcrossDatabases;
import dev.vibegrapher.support.Api;
import dev.vibegrapher.support.FakeOpenAi;
import dev.vibegrapher.support.FakeOpenAi.RecordedRequest;
import dev.vibegrapher.support.Flavor;
import dev.vibegrapher.support.RunningApp;
import dev.vibegrapher.support.Runs;
import dev.vibegrapher.support.SharedApps;
import dev.vibegrapher.support.SharedFake;
import dev.vibegrapher.support.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The agents end to end: the running app's real SDK client talks to the fake OpenAI server, patches
 * are applied to real repositories' code, and every step arrives over WebSocket and in the
 * database.
 */
class AgentRunsIT {

  static final String CODE =
      """
      def greet(name):
          return f"Hello, {name}!"


      def main():
          print(greet("world"))


      if __name__ == "__main__":
          main()
      """;

  static final String GOOD_PATCH =
      """
      --- a/main.py
      +++ b/main.py
      @@ -1,5 +1,5 @@
       def greet(name):
      -    return f"Hello, {name}!"
      +    return f"Hi, {name}!"
      \s
      \s
       def main():
      """;

  static final String STALE_PATCH =
      """
      @@ -1,3 +1,3 @@
       def greet(person):
      -    return "Hello"
      +    return "Hi"
      """;

  static final String BROKEN_PATCH =
      """
      @@ -1,2 +1,2 @@
       def greet(name):
      -    return f"Hello, {name}!"
      +    return f"Hello, {name}!" +
      """;

  static final Duration RUN_TIMEOUT = Duration.ofSeconds(30);

  private final FakeOpenAi fake = SharedFake.fake();

  /** A new project and session, subscribed, with the fake's scripts and records cleared. */
  private Runs.Room setUp(Flavor flavor) {
    fake.reset();
    return Runs.Room.open(SharedApps.of(flavor), CODE);
  }

  @AcrossDatabases
  void aQuestionIsAnsweredInTextStreamedAndStored(Flavor flavor) {
    Runs.Room s = setUp(flavor);
    try (WsClient ws = s.ws()) {
      fake.script(SharedFake.CODER_MODEL)
          .usage(new FakeOpenAi.Usage(321, 100, 45, 0))
          .text("greet() returns a friendly greeting for a name.");
      String runId = Runs.start(s.api(), s.sessionId(), "What does greet do?").runId();
      List<JsonNode> frames = framesUntilEnd(ws, runId, RUN_TIMEOUT);

      assertEquals(
          List.of(
              "conversation_message",
              "conversation_message",
              "token_usage",
              "conversation_message",
              "vibecode_completed"),
          typesWithoutDeltas(frames));
      StringBuilder streamed = new StringBuilder();
      ofType(frames, "conversation_delta")
          .forEach(delta -> streamed.append(delta.get("delta").asText()));
      assertEquals("greet() returns a friendly greeting for a name.", streamed.toString());
      JsonNode answer = ofType(frames, "conversation_message").get(1);
      assertEquals("vibecoder", answer.get("agent").asText());
      assertEquals("text", answer.get("message_type").asText());
      assertEquals(
          "greet() returns a friendly greeting for a name.", answer.get("content").asText());
      assertEquals(321, answer.get("token_usage").get("prompt_tokens").asLong());
      assertEquals(45, answer.get("token_usage").get("completion_tokens").asLong());
      assertEquals(366, answer.get("token_usage").get("total_tokens").asLong());
      assertEquals(
          100,
          answer.get("token_usage").get("cached_prompt_tokens").asLong(),
          "the part of the prompt served from the provider's cache");
      assertEquals(SharedFake.CODER_MODEL, answer.get("token_usage").get("model").asText());
      JsonNode usageEvent = ofType(frames, "token_usage").get(0);
      assertEquals(321, usageEvent.get("prompt_tokens").asLong());
      assertEquals(100, usageEvent.get("cached_prompt_tokens").asLong());
      String responseId =
          Api.JSON.readTree(fake.responsesSent(SharedFake.CODER_MODEL).get(0)).get("id").asText();
      assertTrue(responseId.startsWith("resp_"), responseId);
      assertEquals(
          responseId,
          answer.get("last_response_id").asText(),
          "the message names the LLM response it came from");
      assertTrue(
          ofType(frames, "conversation_message").get(0).get("last_response_id").isNull(),
          "the prompt came from no response");
      assertTrue(
          ofType(frames, "conversation_message").get(2).get("last_response_id").isNull(),
          "nor did the outcome");
      JsonNode completed = ofType(frames, "vibecode_completed").get(0);
      assertEquals("text", completed.get("outcome").asText());

      RecordedRequest request = fake.requestsFor(SharedFake.CODER_MODEL).get(0);
      assertTrue(request.streaming());
      assertEquals(List.of("submit_patch"), request.toolNames());
      assertTrue(request.tools().get(0).get("strict").asBoolean());
      assertTrue(request.inputText().contains("What does greet do?"));
      assertTrue(
          request.inputText().contains("def greet(name):"),
          "the current code goes with the request");
      assertTrue(request.inputText().contains("main.py"), "so does its file name");
      assertTrue(request.header("Authorization").startsWith("Bearer "));

      assertStoredAsPublished(s, frames);
      JsonNode full =
          Api.JSON.readTree(s.api().client().sessions().fullResponse(answer.get("id").asText()));
      JsonNode sent = Api.JSON.readTree(fake.responsesSent(SharedFake.CODER_MODEL).get(0));
      assertTrue(
          sent.equals(AgentRunsIT::sameValue, full),
          "the stored response is the one the LLM sent:\n" + sent + "\n" + full);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  @AcrossDatabases
  void anApprovedPatchBecomesADiffWaitingForTheHuman(Flavor flavor) {
    Runs.Room s = setUp(flavor);
    try (WsClient ws = s.ws()) {
      fake.script(SharedFake.CODER_MODEL)
          .functionCall("submit_patch", submitPatch(GOOD_PATCH, "Say hi instead of hello"));
      fake.script(SharedFake.EVALUATOR_MODEL)
          .usage(500, 60)
          .structured(verdict(true, "Does what was asked.", "Greet with hi"));
      ProjectsApi projects = s.api().client().projects();
      String headBefore = projects.get(s.projectId()).currentCommit();
      String runId = Runs.start(s.api(), s.sessionId(), "Say hi instead of hello").runId();
      List<JsonNode> frames = framesUntilEnd(ws, runId, RUN_TIMEOUT);

      assertEquals(
          List.of(
              "conversation_message",
              "conversation_message",
              "token_usage",
              "conversation_message",
              "token_usage",
              "conversation_message",
              "diff_created",
              "conversation_message",
              "vibecode_completed"),
          typesWithoutDeltas(frames));
      List<JsonNode> messages = ofType(frames, "conversation_message");
      assertEquals("tool_call", messages.get(1).get("message_type").asText());
      assertTrue(messages.get(1).get("patch_preview").asText().startsWith("--- a/main.py"));
      assertEquals("evaluation", messages.get(2).get("message_type").asText());
      assertEquals("evaluator", messages.get(2).get("agent").asText());
      assertEquals(560, messages.get(2).get("token_usage").get("total_tokens").asLong());
      assertEquals("tool_result", messages.get(3).get("message_type").asText());
      assertEquals("outcome", messages.get(4).get("message_type").asText());
      assertEquals(
          sentId(SharedFake.CODER_MODEL),
          messages.get(1).get("last_response_id").asText(),
          "the coder's response");
      assertEquals(
          sentId(SharedFake.EVALUATOR_MODEL),
          messages.get(2).get("last_response_id").asText(),
          "the evaluator's response");
      assertTrue(
          messages.get(3).get("last_response_id").isNull()
              && messages.get(4).get("last_response_id").isNull(),
          "steps that made no call name none");

      JsonNode diff = ofType(frames, "diff_created").get(0).get("diff");
      assertEquals("evaluator_approved", diff.get("status").asText());
      assertEquals(headBefore, diff.get("base_commit").asText());
      assertEquals("main", diff.get("target_branch").asText());
      assertEquals("Greet with hi", diff.get("commit_message").asText());
      assertEquals("Does what was asked.", diff.get("evaluator_reasoning").asText());
      assertEquals("Say hi instead of hello", diff.get("vibecoder_prompt").asText());
      assertTrue(
          diff.get("diff_content").asText().startsWith("--- a/main.py\n+++ b/main.py\n@@ -1,"),
          diff.get("diff_content").asText());
      assertTrue(diff.get("diff_content").asText().contains("+    return f\"Hi, {name}!\""));
      assertEquals(diff.get("id").asText(), messages.get(4).get("diff_id").asText());
      JsonNode completed = ofType(frames, "vibecode_completed").get(0);
      assertEquals("diff", completed.get("outcome").asText());
      assertEquals(diff.get("id").asText(), completed.get("diff_id").asText());

      RecordedRequest evaluation = fake.requestsFor(SharedFake.EVALUATOR_MODEL).get(0);
      assertEquals(
          "json_schema", evaluation.body().path("text").path("format").path("type").asText());
      assertTrue(evaluation.inputText().contains("Say hi instead of hello"));
      assertTrue(
          evaluation.inputText().contains("+    return f\"Hi, {name}!\""),
          "the evaluator sees the diff");
      assertTrue(
          evaluation.inputText().contains("return f\"Hello, {name}!\""), "and the original code");
      assertEquals(
          headBefore,
          projects.get(s.projectId()).currentCommit(),
          "nothing is committed before the human says so");
      assertStoredAsPublished(s, frames);
    }
  }

  @AcrossDatabases
  void aPatchThatDoesNotApplyGoesBackVerbatimAndTheCorrectionIsApproved(Flavor flavor) {
    Runs.Room s = setUp(flavor);
    try (WsClient ws = s.ws()) {
      fake.script(SharedFake.CODER_MODEL)
          .functionCall("submit_patch", submitPatch(STALE_PATCH, "Say hi"))
          .functionCall("submit_patch", submitPatch(GOOD_PATCH, "Say hi, against the real code"));
      fake.script(SharedFake.EVALUATOR_MODEL).structured(verdict(true, "Fine.", "Greet with hi"));
      String runId = Runs.start(s.api(), s.sessionId(), "Say hi").runId();
      List<JsonNode> frames = framesUntilEnd(ws, runId, RUN_TIMEOUT);

      List<JsonNode> messages = ofType(frames, "conversation_message");
      JsonNode refusal = messages.get(2);
      assertEquals("tool_result", refusal.get("message_type").asText());
      assertTrue(
          refusal.get("content").asText().startsWith("Hunk 1 (@@ -1,3 +1,3 @@) does not apply"),
          refusal.get("content").asText());
      assertEquals(
          toolOutputSentBack(1),
          refusal.get("content").asText(),
          "the coder receives the error verbatim");
      assertEquals(
          1,
          fake.requestsFor(SharedFake.EVALUATOR_MODEL).size(),
          "the refused patch never reached the evaluator");
      assertEquals("diff", ofType(frames, "vibecode_completed").get(0).get("outcome").asText());
      assertStoredAsPublished(s, frames);
    }
  }

  @AcrossDatabases
  void aSyntaxErrorGoesBackWithItsLineAndTheCorrectionIsApproved(Flavor flavor) {
    Runs.Room s = setUp(flavor);
    try (WsClient ws = s.ws()) {
      fake.script(SharedFake.CODER_MODEL)
          .functionCall("submit_patch", submitPatch(BROKEN_PATCH, "Concatenate"))
          .functionCall("submit_patch", submitPatch(GOOD_PATCH, "Say hi"));
      fake.script(SharedFake.EVALUATOR_MODEL).structured(verdict(true, "Fine.", "Greet with hi"));
      String runId = Runs.start(s.api(), s.sessionId(), "Say hi").runId();
      List<JsonNode> frames = framesUntilEnd(ws, runId, RUN_TIMEOUT);

      String error = ofType(frames, "conversation_message").get(2).get("content").asText();
      assertTrue(error.contains("SyntaxError: invalid syntax (line 2)"), error);
      assertEquals(toolOutputSentBack(1), error);
      assertEquals("diff", ofType(frames, "vibecode_completed").get(0).get("outcome").asText());
    }
  }

  @AcrossDatabases
  void threeRejectionsEndTheRunWithTheLastFeedback(Flavor flavor) {
    Runs.Room s = setUp(flavor);
    try (WsClient ws = s.ws()) {
      // docs/api.md: GET /api/agents says how many evaluator rounds a run may take; the run takes
      // exactly that many.
      assertEquals(
          3,
          s.api().client().agents().overview().maxIterations(),
          "VIBEGRAPHER_MAX_ITERATIONS's default");
      fake.script(SharedFake.CODER_MODEL)
          .functionCall("submit_patch", submitPatch(GOOD_PATCH, "one"))
          .functionCall("submit_patch", submitPatch(GOOD_PATCH, "two"))
          .functionCall("submit_patch", submitPatch(GOOD_PATCH, "three"));
      fake.script(SharedFake.EVALUATOR_MODEL)
          .structured(verdict(false, "First: no.", "x"))
          .structured(verdict(false, "Second: no.", "x"))
          .structured(verdict(false, "Third: still no.", "x"));
      String runId = Runs.start(s.api(), s.sessionId(), "Say hi").runId();
      List<JsonNode> frames = framesUntilEnd(ws, runId, RUN_TIMEOUT);

      JsonNode error = ofType(frames, "vibecode_error").get(0);
      assertTrue(
          error.get("detail").asText().startsWith("Max iterations reached"), error.toString());
      assertEquals("Third: still no.", error.get("final_feedback").asText());
      assertEquals(3, fake.requestsFor(SharedFake.CODER_MODEL).size());
      assertEquals(3, fake.requestsFor(SharedFake.EVALUATOR_MODEL).size());
      List<Integer> iterations = new ArrayList<>();
      ofType(frames, "conversation_message").stream()
          .filter(m -> m.get("message_type").asText().equals("evaluation"))
          .forEach(m -> iterations.add(m.get("iteration").asInt()));
      assertEquals(List.of(1, 2, 3), iterations);
      assertTrue(
          fake.requestsFor(SharedFake.CODER_MODEL).get(1).inputText().contains("First: no."),
          "the coder hears the verdict");
      assertTrue(
          fake.requestsFor(SharedFake.EVALUATOR_MODEL).get(2).inputText().contains("Second: no."),
          "the evaluator remembers its own verdicts");
      assertStoredAsPublished(s, frames);
    }
  }

  @AcrossDatabases
  void theCoderRemembersEarlierRequestsUntilTheSessionIsDeleted(Flavor flavor) {
    Runs.Room s = setUp(flavor);
    try (WsClient ws = s.ws()) {
      fake.script(SharedFake.CODER_MODEL)
          .text("Answer one.")
          .text("Answer two.")
          .text("Answer three.");
      framesUntilEnd(ws, Runs.start(s.api(), s.sessionId(), "First question").runId(), RUN_TIMEOUT);
      framesUntilEnd(
          ws, Runs.start(s.api(), s.sessionId(), "Second question").runId(), RUN_TIMEOUT);
      String second = fake.requestsFor(SharedFake.CODER_MODEL).get(1).inputText();
      assertTrue(
          second.contains("First question")
              && second.contains("Answer one.")
              && second.contains("Second question"),
          second);

      SessionsApi sessions = s.api().client().sessions();
      sessions.delete(s.sessionId());
      ProblemException gone =
          assertThrows(ProblemException.class, () -> sessions.get(s.sessionId()));
      assertEquals(404, gone.status());
      String reopened = Runs.openSession(s.api(), s.projectId());
      framesUntilEnd(ws, Runs.start(s.api(), reopened, "Third question").runId(), RUN_TIMEOUT);
      String third = fake.requestsFor(SharedFake.CODER_MODEL).get(2).inputText();
      assertTrue(third.contains("Third question"));
      assertFalse(
          third.contains("First question") || third.contains("Answer one."),
          "a deleted session's memory is gone: " + third);
    }
  }

  /** The id of the first Response the fake sent for this model. */
  private String sentId(String model) {
    try {
      return Api.JSON.readTree(fake.responsesSent(model).get(0)).get("id").asText();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  /** JSON values compared as JSON means them: numbers by value (1 and 1.0 are the same number). */
  private static int sameValue(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue());
    }
    return a.equals(b) ? 0 : 1;
  }

  @AcrossDatabases
  void aProjectCreatedAgainUnderADeletedOnesNameStartsWithoutItsMemory(Flavor flavor) {
    fake.reset();
    RunningApp app = SharedApps.of(flavor);
    Api api = app.api();
    String name = "reused " + java.util.UUID.randomUUID();
    fake.script(SharedFake.CODER_MODEL).text("First answer.").text("Second answer.");
    ProjectsApi projects = api.client().projects();
    ProjectResponse first = projects.create(new CreateProjectRequest(name, null, CODE));
    try (Runs.Room room =
        new Runs.Room(
            app, api, first.id(), Runs.openSession(api, first.id()), WsClient.connect(app))) {
      room.ws().subscribe(room.projectId());
      room.ws().nextOfType("subscribed");
      framesUntilEnd(
          room.ws(),
          Runs.start(api, room.sessionId(), "Secret of the first project").runId(),
          RUN_TIMEOUT);
    }
    projects.delete(first.id());

    ProjectResponse second = projects.create(new CreateProjectRequest(name, null, CODE));
    assertEquals(first.slug(), second.slug(), "the slug is free again");
    try (Runs.Room room =
        new Runs.Room(
            app, api, second.id(), Runs.openSession(api, second.id()), WsClient.connect(app))) {
      room.ws().subscribe(room.projectId());
      room.ws().nextOfType("subscribed");
      framesUntilEnd(room.ws(), Runs.start(api, room.sessionId(), "Hello").runId(), RUN_TIMEOUT);
    }
    String input = fake.requestsFor(SharedFake.CODER_MODEL).get(1).inputText();
    assertFalse(
        input.contains("Secret of the first project") || input.contains("First answer."), input);
  }

  /** The function_call_output the coder received in its n-th request (0-based). */
  private String toolOutputSentBack(int request) {
    JsonNode input = fake.requestsFor(SharedFake.CODER_MODEL).get(request).input();
    for (JsonNode item : input) {
      if (item.path("type").asText().equals("function_call_output")) {
        return item.get("output").asText();
      }
    }
    throw new AssertionError("no function_call_output in " + input);
  }

  /**
   * What the dashboard saw live equals what a reload reads: the messages, in order, field by field.
   * Raw: the frames and the stored messages are compared member by member as JSON, so a member one
   * of them lacks or adds is seen, which typed records would hide.
   */
  private static void assertStoredAsPublished(Runs.Room s, List<JsonNode> frames) {
    List<JsonNode> live = ofType(frames, "conversation_message");
    JsonNode stored = s.api().get("/api/sessions/" + s.sessionId() + "/messages").json();
    List<JsonNode> ofThisRun = new ArrayList<>();
    stored.forEach(
        message -> {
          if (live.stream().anyMatch(l -> l.get("run_id").equals(message.get("run_id")))) {
            ofThisRun.add(message);
          }
        });
    assertEquals(live, ofThisRun);
  }
}
