package dev.vibegrapher.agent;

import static dev.vibegrapher.support.Runs.framesUntilEnd;
import static dev.vibegrapher.support.Runs.ofType;
import static dev.vibegrapher.support.Runs.submitPatch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibegrapher.support.AcrossDatabases;
import dev.vibegrapher.support.FakeOpenAi;
import dev.vibegrapher.support.FakeOpenAi.RecordedRequest;
import dev.vibegrapher.support.Flavor;
import dev.vibegrapher.support.Runs;
import dev.vibegrapher.support.SharedApps;
import dev.vibegrapher.support.SharedFake;
import java.time.Duration;
import java.util.List;

/**
 * What the real Responses API does that a well-behaved fake never did: streams that break off after
 * some text, responses that end incomplete, refusals, rate limits that say how long to wait, and
 * errors that must reach the user in our words.
 */
class LlmStreamFailuresIT {

  private static final String CODER = SharedFake.CODER_MODEL;
  private static final Duration RUN = Duration.ofSeconds(30);
  private static final String ANSWER = "x is one, and nothing else in the file changes it.";

  private final FakeOpenAi fake = SharedFake.fake();

  private Runs.Room setUp(Flavor flavor) {
    fake.reset();
    return Runs.Room.open(SharedApps.of(flavor), "x = 1\n");
  }

  @AcrossDatabases
  void aStreamThatBreaksOffIsRetriedAndNoTextIsShownOrStoredTwice(Flavor flavor) {
    for (FakeOpenAi.StreamBreak how : FakeOpenAi.StreamBreak.values()) {
      try (Runs.Room room = setUp(flavor)) {
        // Gaps between events, so the abandoned attempt's first text goes out before the break.
        fake.script(CODER)
            .reply(r -> r.text(ANSWER).eventGap(Duration.ofMillis(60)).breakStream(how))
            .text(ANSWER);
        List<JsonNode> frames =
            framesUntilEnd(
                room.ws(), Runs.start(room.api(), room.sessionId(), "What is x?").runId(), RUN);

        assertEquals(
            "text",
            ofType(frames, "vibecode_completed").get(0).get("outcome").asText(),
            how + ": " + frames);
        List<JsonNode> answers =
            ofType(frames, "conversation_message").stream()
                .filter(
                    m ->
                        m.get("agent").asText().equals("vibecoder")
                            && m.get("message_type").asText().equals("text"))
                .toList();
        assertEquals(1, answers.size(), how + ": one answer");
        assertEquals(
            ANSWER,
            answers.get(0).get("content").asText(),
            how + ": the stored message is exactly the final text");
        List<JsonNode> deltas = ofType(frames, "conversation_delta");
        assertTrue(
            deltas.stream().anyMatch(d -> d.get("attempt").asInt() == 1),
            how + ": the abandoned attempt's text was seen live: " + deltas);
        assertEquals(
            ANSWER,
            asADashboardShowsIt(deltas),
            how + ": a dashboard that replaces on a new attempt shows the final text once");
        assertEquals(
            1,
            ofType(frames, "token_usage").size(),
            how + ": only the completed attempt was paid for");
        assertEquals(2, fake.requestsFor(CODER).size(), how + ": retried once");
        String stored = room.api().client().sessions().messages(room.sessionId()).get(1).content();
        assertEquals(ANSWER, stored);
      }
    }
  }

  @AcrossDatabases
  void anIncompleteAnswerEndsTheRunNamingTheReasonAndNothingOfItIsApplied(Flavor flavor) {
    try (Runs.Room room = setUp(flavor)) {
      String patch = "@@ -1 +1 @@\n-x = 1\n+x = 2\n";
      fake.script(CODER)
          .reply(
              r ->
                  r.functionCall("submit_patch", submitPatch(patch, "x two"))
                      .incomplete("max_output_tokens"));
      List<JsonNode> frames =
          framesUntilEnd(
              room.ws(), Runs.start(room.api(), room.sessionId(), "Make x two").runId(), RUN);
      String detail = ofType(frames, "vibecode_error").get(0).get("detail").asText();
      assertTrue(detail.contains("cut off") && detail.contains("max_output_tokens"), detail);
      assertTrue(ofType(frames, "diff_created").isEmpty());
      assertTrue(
          ofType(frames, "conversation_message").stream()
              .noneMatch(m -> m.get("message_type").asText().equals("tool_call")));
      assertTrue(
          fake.requestsFor(SharedFake.EVALUATOR_MODEL).isEmpty(),
          "no half patch reaches the evaluator");
      assertEquals(
          1,
          fake.requestsFor(CODER).size(),
          "an output limit is not retried: it would be hit again");

      fake.script(CODER)
          .reply(r -> r.text("Filtered half-way through").incomplete("content_filter"))
          .text("x is one.");
      String filtered =
          ofType(
                  framesUntilEnd(
                      room.ws(), Runs.start(room.api(), room.sessionId(), "Why?").runId(), RUN),
                  "vibecode_error")
              .get(0)
              .get("detail")
              .asText();
      assertTrue(
          filtered.contains("content filter") && filtered.contains("content_filter"), filtered);
      List<JsonNode> after =
          framesUntilEnd(
              room.ws(), Runs.start(room.api(), room.sessionId(), "What is x?").runId(), RUN);
      assertEquals(
          "text",
          ofType(after, "vibecode_completed").get(0).get("outcome").asText(),
          "the session goes on");
      assertTrue(
          fake.rejectedRequests().isEmpty(), () -> fake.rejectedRequests().get(0).rejection());
      assertEquals("x = 1\n", room.api().client().projects().get(room.projectId()).currentCode());
    }
  }

  @AcrossDatabases
  void aRefusalIsTheCodersAnswerAndTheRunEndsCleanly(Flavor flavor) {
    try (Runs.Room room = setUp(flavor)) {
      fake.script(CODER).reply(r -> r.refusal("I can't help with that."));
      List<JsonNode> frames =
          framesUntilEnd(
              room.ws(), Runs.start(room.api(), room.sessionId(), "Do something bad").runId(), RUN);
      assertEquals("text", ofType(frames, "vibecode_completed").get(0).get("outcome").asText());
      JsonNode answer = ofType(frames, "conversation_message").get(1);
      assertEquals("I can't help with that.", answer.get("content").asText());
      assertEquals(
          "I can't help with that.", asADashboardShowsIt(ofType(frames, "conversation_delta")));
    }
  }

  @AcrossDatabases
  void anEvaluatorThatRefusesToReviewFailsTheRunSayingSo(Flavor flavor) {
    try (Runs.Room room = setUp(flavor)) {
      fake.script(CODER)
          .reply(
              r ->
                  r.functionCall(
                      "submit_patch", submitPatch("@@ -1 +1 @@\n-x = 1\n+x = 2\n", "x two")));
      fake.script(SharedFake.EVALUATOR_MODEL).reply(r -> r.refusal("I can't review this."));
      List<JsonNode> frames =
          framesUntilEnd(
              room.ws(), Runs.start(room.api(), room.sessionId(), "Make x two").runId(), RUN);
      assertEquals(
          "The evaluator declined to review the patch: I can't review this.",
          ofType(frames, "vibecode_error").get(0).get("detail").asText(),
          frames.toString());
      assertTrue(ofType(frames, "diff_created").isEmpty(), "no verdict, no diff");
      assertEquals(
          1, fake.requestsFor(SharedFake.EVALUATOR_MODEL).size(), "a refusal is not retried");

      fake.script(CODER).text(ANSWER);
      List<JsonNode> after =
          framesUntilEnd(
              room.ws(), Runs.start(room.api(), room.sessionId(), "What is x?").runId(), RUN);
      assertEquals(
          "text",
          ofType(after, "vibecode_completed").get(0).get("outcome").asText(),
          "the session goes on");
      assertTrue(
          fake.rejectedRequests().isEmpty(), () -> fake.rejectedRequests().get(0).rejection());
    }
  }

  @AcrossDatabases
  void aRateLimitWaitsAsLongAsTheProviderAsksWithinTheConfiguredMaximum(Flavor flavor) {
    try (Runs.Room room = setUp(flavor)) {
      // The shared apps back off 50 ms at first, 200 ms at most: 180 ms is the provider's word.
      fake.script(CODER)
          .reply(
              r ->
                  r.error(429, "requests", "rate_limit_exceeded", "Rate limit reached")
                      .header("retry-after-ms", "180"))
          .text("Now then.")
          .reply(
              r ->
                  r.error(429, "tokens", "rate_limit_exceeded", "Rate limit reached")
                      .header("Retry-After", "3600"))
          .text("Again.");
      List<JsonNode> first =
          framesUntilEnd(room.ws(), Runs.start(room.api(), room.sessionId(), "Hi").runId(), RUN);
      assertEquals("text", ofType(first, "vibecode_completed").get(0).get("outcome").asText());
      List<JsonNode> second =
          framesUntilEnd(
              room.ws(), Runs.start(room.api(), room.sessionId(), "Hi again").runId(), RUN);
      assertEquals(
          "text",
          ofType(second, "vibecode_completed").get(0).get("outcome").asText(),
          "an hour asked for is cut to the maximum");

      List<RecordedRequest> requests = fake.requestsFor(CODER);
      Duration asked = Duration.between(requests.get(0).receivedAt(), requests.get(1).receivedAt());
      assertTrue(asked.toMillis() >= 180, "waited as asked: " + asked);
      Duration capped =
          Duration.between(requests.get(2).receivedAt(), requests.get(3).receivedAt());
      assertTrue(
          capped.toMillis() >= 200 && capped.toSeconds() < 60,
          "waited the configured maximum, not an hour: " + capped);
    }
  }

  @AcrossDatabases
  void anErrorSaysWhatHappenedInOurWordsWithTheProvidersStatusAndCode(Flavor flavor) {
    try (Runs.Room room = setUp(flavor)) {
      fake.script(CODER)
          .error(
              401,
              "invalid_request_error",
              "invalid_api_key",
              "Incorrect API key provided: sk-abc***wxyz.")
          .error(
              429,
              "insufficient_quota",
              "insufficient_quota",
              "You exceeded your current quota, please check your plan.");
      String unauthorized =
          ofType(
                  framesUntilEnd(
                      room.ws(), Runs.start(room.api(), room.sessionId(), "Hi").runId(), RUN),
                  "vibecode_error")
              .get(0)
              .get("detail")
              .asText();
      assertEquals(
          "The LLM service did not accept the API key (401 invalid_api_key): check OPENAI_API_KEY.",
          unauthorized);
      String quota =
          ofType(
                  framesUntilEnd(
                      room.ws(), Runs.start(room.api(), room.sessionId(), "Hi").runId(), RUN),
                  "vibecode_error")
              .get(0)
              .get("detail")
              .asText();
      assertTrue(
          quota.contains("no quota left") && quota.contains("429 insufficient_quota"), quota);
      assertFalse(quota.contains("exceeded your current quota"), quota);
      assertEquals(2, fake.requestsFor(CODER).size(), "neither is retried");
      // Raw: every byte of the stored messages, whatever member a key might have leaked into.
      String stored = room.api().get("/api/sessions/" + room.sessionId() + "/messages").body();
      assertFalse(stored.contains("sk-abc"), "no part of a key is stored");
    }
  }

  /**
   * The text a dashboard shows: deltas concatenated, a later attempt's replacing an earlier one's.
   */
  private static String asADashboardShowsIt(List<JsonNode> deltas) {
    StringBuilder shown = new StringBuilder();
    int attempt = 0;
    for (JsonNode delta : deltas) {
      if (delta.get("attempt").asInt() > attempt) {
        attempt = delta.get("attempt").asInt();
        shown.setLength(0);
      }
      shown.append(delta.get("delta").asText());
    }
    return shown.toString();
  }
}
