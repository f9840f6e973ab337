package dev.vibegrapher.agent.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibegrapher.support.FakeOpenAi;
import dev.vibegrapher.support.FakeProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The one door to the LLM against a fake that enforces the Responses API's rules: what it remembers
 * of a reasoning model's answers goes back as the API takes it, turn after turn, and each way a
 * call can end comes out as the failure the gateway classifies.
 */
class ResponsesApiTest {

  private static final String REASONER = "gpt-5-mini";
  private static final String PLAIN = "plain-model";
  private static final Optional<String> TOOL =
      Optional.of(
          "{\"type\":\"function\",\"name\":\"submit_patch\",\"strict\":true,\"parameters\":{\"type\":\"object\",\"properties\":"
              + "{\"patch\":{\"type\":\"string\"}},\"required\":[\"patch\"],\"additionalProperties\":false}}");

  @RegisterExtension static final FakeProvider PROVIDER = FakeProvider.withPlainModels(PLAIN);

  @Test
  void aReasoningConversationGoesOnTurnAfterTurnWithItsReasoningItems() {
    PROVIDER
        .fake()
        .script(REASONER)
        .text("It greets.")
        .reply(r -> r.text("Let me change it.").functionCall("submit_patch", "{\"patch\":\"x\"}"))
        .text("Done, as approved.")
        .text("It now says Hi.");
    List<String> memory = new ArrayList<>();
    turn(memory, Items.userMessage("What does greet do?"));
    ResponsesApi.Reply call = turn(memory, Items.userMessage("Say Hi instead"));
    turn(
        memory,
        Items.toolOutput(
            call.firstFunctionCall().orElseThrow().callId(), "Approved by the evaluator."));
    turn(memory, Items.userMessage("What does it say now?"));

    assertTrue(
        PROVIDER.fake().rejectedRequests().isEmpty(),
        () -> PROVIDER.fake().rejectedRequests().get(0).rejection());
    JsonNode lastInput = PROVIDER.fake().requestsFor(REASONER).get(3).input();
    assertEquals(
        3,
        count(lastInput, "reasoning"),
        "each earlier answer went back with its reasoning item: " + lastInput);
    lastInput.forEach(
        item -> {
          if (item.path("type").asText().equals("reasoning")) {
            assertTrue(
                item.path("encrypted_content").asText().startsWith("gAAAA"), item.toString());
          }
        });
    JsonNode body = PROVIDER.fake().requestsFor(REASONER).get(3).body();
    assertFalse(body.path("store").asBoolean(true), "nothing is kept at the provider");
    assertEquals("reasoning.encrypted_content", body.path("include").get(0).asText());
  }

  @Test
  void itemsRememberedWithoutTheirReasoningItemsGoBackWithoutIds() {
    PROVIDER.fake().script(REASONER).text("First.").text("Second.");
    List<String> memory = new ArrayList<>();
    turn(memory, Items.userMessage("Hi"));
    memory.removeIf(Items::isReasoning);
    turn(memory, Items.userMessage("Again"));

    assertTrue(
        PROVIDER.fake().rejectedRequests().isEmpty(),
        () -> PROVIDER.fake().rejectedRequests().get(0).rejection());
    JsonNode replayed = PROVIDER.fake().requestsFor(REASONER).get(1).input().get(1);
    assertEquals("message", replayed.path("type").asText());
    assertFalse(
        replayed.has("id"),
        "an item of a release that kept no reasoning items is sent as plain input: " + replayed);
  }

  @Test
  void aTurnThatEndedOnAReasoningItemAloneSendsItNoMore() {
    PROVIDER.fake().script(REASONER).text("First.").text("Second.");
    List<String> memory = new ArrayList<>();
    turn(memory, Items.userMessage("Hi"));
    memory.remove(memory.size() - 1);
    turn(memory, Items.userMessage("Again"));
    assertTrue(
        PROVIDER.fake().rejectedRequests().isEmpty(),
        () -> PROVIDER.fake().rejectedRequests().get(0).rejection());
    assertEquals(0, count(PROVIDER.fake().requestsFor(REASONER).get(1).input(), "reasoning"));
  }

  @Test
  void aServerThatDoesNotReasonGetsNoReasoningParameterAndNoReasoningItems() {
    PROVIDER.fake().script(REASONER).text("Reasoned.");
    PROVIDER
        .fake()
        .script(PLAIN)
        .reply(r -> r.text("Plain.").usageShape(FakeOpenAi.UsageShape.WITHOUT_DETAILS))
        .reply(r -> r.text("No usage at all.").usageShape(FakeOpenAi.UsageShape.NONE));
    List<String> memory = new ArrayList<>();
    turn(memory, Items.userMessage("Hi"));
    memory.add(Items.userMessage("Hello plain"));
    ResponsesApi.Reply plain =
        PROVIDER
            .api()
            .respond(
                new ResponsesApi.Request(
                    PLAIN, "Be brief.", memory, TOOL, Optional.empty(), Optional.empty(), false),
                d -> {});
    assertEquals("Plain.", plain.text());
    assertEquals(100, plain.inputTokens());
    assertEquals(0, plain.cachedTokens(), "no details: no cached tokens");
    JsonNode sent = PROVIDER.fake().requestsFor(PLAIN).get(0).body();
    assertEquals(0, count(sent.path("input"), "reasoning"));
    assertFalse(sent.has("reasoning") || sent.has("include"), sent.toString());
    ResponsesApi.Reply bare =
        PROVIDER
            .api()
            .respond(
                new ResponsesApi.Request(
                    PLAIN,
                    "Be brief.",
                    List.of(Items.userMessage("Hi")),
                    TOOL,
                    Optional.empty(),
                    Optional.empty(),
                    false),
                d -> {});
    assertEquals(0, bare.totalTokens());
    assertTrue(
        PROVIDER.fake().rejectedRequests().isEmpty(),
        () -> PROVIDER.fake().rejectedRequests().get(0).rejection());
  }

  @Test
  void aRefusalIsTheAnswersTextAndSaidToBeARefusal() {
    PROVIDER.fake().script(REASONER).reply(r -> r.refusal("I can't help with that."));
    List<String> streamed = new ArrayList<>();
    ResponsesApi.Reply reply =
        PROVIDER.api().respond(request(List.of(Items.userMessage("Hi"))), streamed::add);
    assertEquals("I can't help with that.", reply.text());
    assertEquals(Optional.of("I can't help with that."), reply.refusal());
    assertEquals(
        "I can't help with that.", String.join("", streamed), "a refusal streams like text");
  }

  @Test
  void eachWayAStreamBreaksIsAFailureWorthAnotherAttempt() {
    PROVIDER
        .fake()
        .script(REASONER)
        .reply(r -> r.text("Half of it").breakStream(FakeOpenAi.StreamBreak.ERROR_EVENT))
        .reply(r -> r.text("Half of it").breakStream(FakeOpenAi.StreamBreak.RESPONSE_FAILED))
        .reply(r -> r.text("Half of it").breakStream(FakeOpenAi.StreamBreak.CONNECTION_CUT))
        .reply(r -> r.text("Half of it").breakStream(FakeOpenAi.StreamBreak.ENDED_EARLY));
    LlmServiceFailure error =
        assertThrows(
            LlmServiceFailure.class,
            () -> PROVIDER.api().respond(request(List.of(Items.userMessage("Hi"))), d -> {}));
    assertEquals(LlmServiceFailure.StreamBreak.ERROR_EVENT, error.streamBreak());
    assertEquals(Optional.of("server_error"), error.code());
    LlmServiceFailure failed =
        assertThrows(
            LlmServiceFailure.class,
            () -> PROVIDER.api().respond(request(List.of(Items.userMessage("Hi"))), d -> {}));
    assertEquals(LlmServiceFailure.StreamBreak.RESPONSE_FAILED, failed.streamBreak());
    assertEquals(Optional.of("server_error"), failed.code());
    LlmIoFailure cut =
        assertThrows(
            LlmIoFailure.class,
            () -> PROVIDER.api().respond(request(List.of(Items.userMessage("Hi"))), d -> {}));
    assertFalse(cut.timedOut());
    List<String> streamed = new ArrayList<>();
    LlmServiceFailure ended =
        assertThrows(
            LlmServiceFailure.class,
            () -> PROVIDER.api().respond(request(List.of(Items.userMessage("Hi"))), streamed::add));
    assertEquals(
        LlmServiceFailure.StreamBreak.ENDED_EARLY,
        ended.streamBreak(),
        "a body that ends without response.completed is no reply");
    assertTrue(
        ended.code().isEmpty() && ended.type().isEmpty(), "the provider said nothing about it");
    assertFalse(streamed.isEmpty(), "its text was seen live before the end");
  }

  @Test
  void anIncompleteResponseIsNeverAReply() {
    PROVIDER
        .fake()
        .script(REASONER)
        .reply(
            r ->
                r.functionCall("submit_patch", "{\"patch\":\"@@ -1 +1 @@\"}")
                    .incomplete("max_output_tokens"))
        .reply(r -> r.text("Filtered half way").incomplete("content_filter"));
    assertEquals(
        "max_output_tokens",
        assertThrows(
                LlmIncomplete.class,
                () -> PROVIDER.api().respond(request(List.of(Items.userMessage("Hi"))), d -> {}))
            .reason());
    assertEquals(
        "content_filter",
        assertThrows(
                LlmIncomplete.class,
                () -> PROVIDER.api().respond(request(List.of(Items.userMessage("Hi"))), d -> {}))
            .reason());
  }

  @Test
  void aRateLimitSaysHowLongToWaitAndTheProvidersTerms() {
    PROVIDER
        .fake()
        .script(REASONER)
        .reply(
            r ->
                r.error(429, "requests", "rate_limit_exceeded", "Rate limit reached for gpt-5-mini")
                    .header("retry-after-ms", "1250")
                    .header("x-ratelimit-remaining-requests", "0")
                    .header("x-ratelimit-reset-requests", "20s"));
    LlmServiceFailure limited =
        assertThrows(
            LlmServiceFailure.class,
            () -> PROVIDER.api().respond(request(List.of(Items.userMessage("Hi"))), d -> {}));
    assertEquals(429, limited.status());
    assertEquals(Optional.of(Duration.ofMillis(1250)), limited.retryAfter());
    assertEquals(Optional.of("rate_limit_exceeded"), limited.code());
    assertEquals(Optional.of("requests"), limited.type());
    assertFalse(
        limited.getMessage().contains("Rate limit reached"),
        "the provider's own text stays out: " + limited.getMessage());
  }

  private static ResponsesApi.Request request(List<String> input) {
    return new ResponsesApi.Request(
        REASONER, "Be brief.", input, TOOL, Optional.empty(), Optional.of("low"), false);
  }

  private static ResponsesApi.Reply turn(List<String> memory, String next) {
    memory.add(next);
    ResponsesApi.Reply reply = PROVIDER.api().respond(request(List.copyOf(memory)), d -> {});
    memory.addAll(reply.rememberedItems());
    return reply;
  }

  private static long count(JsonNode items, String type) {
    long n = 0;
    for (JsonNode item : items) {
      n += item.path("type").asText().equals(type) ? 1 : 0;
    }
    return n;
  }
}
