package dev.vibegrapher.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.ObjectMappers;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIException;
import com.openai.errors.RateLimitException;
import com.openai.models.Reasoning;
import com.openai.models.ReasoningEffort;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseIncludable;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseReasoningItem;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.ResponseStreamEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fake's reasoning models, its checks of input items, and the ways its streams end, read by the
 * official SDK with eager validation, so the fake cannot drift from the wire format.
 */
class FakeOpenAiReasoningTest {

  private static final String REASONER = "gpt-5-mini";
  private static final String PLAIN = "plain-model";

  private static FakeOpenAi fake;
  private static OpenAIClient client;

  @BeforeAll
  static void startFake() {
    fake = FakeOpenAi.start().plainModels(PLAIN);
    client =
        OpenAIOkHttpClient.builder()
            .apiKey("test-key")
            .baseUrl(fake.baseUrl())
            .maxRetries(0)
            .responseValidation(true)
            .build();
  }

  @AfterAll
  static void stopFake() {
    client.close();
    fake.close();
  }

  @BeforeEach
  void forgetEarlierTests() {
    fake.reset();
  }

  @Test
  void aReasoningModelAnswersWithAReasoningItemFirstCarryingEncryptedContentWhenAskedFor() {
    fake.script(REASONER).text("Hi.").text("Hi again.");
    Response sealed =
        client.responses().create(stateless(REASONER, List.of(user("Hello")))).validate();
    ResponseReasoningItem reasoning = sealed.output().get(0).asReasoning();
    assertTrue(reasoning.id().startsWith("rs_"));
    assertTrue(reasoning.encryptedContent().orElseThrow().startsWith("gAAAA"));
    assertEquals("Hi.", sealed.output().get(1).asMessage().content().get(0).asOutputText().text());

    Response open =
        client
            .responses()
            .create(ResponseCreateParams.builder().model(REASONER).input("Hello").build())
            .validate();
    assertTrue(
        open.output().get(0).asReasoning().encryptedContent().isEmpty(),
        "no encrypted content unless included");
  }

  @Test
  void aStreamedReasoningItemIsAddedAndDoneBeforeTheMessage() {
    fake.script(REASONER).text("Streaming with thought");
    List<ResponseStreamEvent> events;
    try (StreamResponse<ResponseStreamEvent> stream =
        client.responses().createStreaming(stateless(REASONER, List.of(user("Hi"))))) {
      events = stream.stream().map(ResponseStreamEvent::validate).toList();
    }
    assertTrue(events.get(2).asOutputItemAdded().item().isReasoning());
    assertTrue(
        events.get(3).asOutputItemDone().item().asReasoning().encryptedContent().isPresent());
    assertTrue(events.get(4).asOutputItemAdded().item().isMessage());
    Response completed = events.get(events.size() - 1).asCompleted().response();
    assertEquals(
        events.get(3).asOutputItemDone().item().asReasoning(),
        completed.output().get(0).asReasoning());
  }

  @Test
  void theWholeOutputSentBackWithIdsIsAcceptedAndSoAreItemsWithoutIds() {
    fake.script(REASONER)
        .reply(r -> r.functionCall("submit_patch", "{}"))
        .text("Done.")
        .text("Fine.");
    Response first =
        client.responses().create(stateless(REASONER, List.of(user("Patch it")))).validate();
    List<JsonNode> input = new ArrayList<>(List.of(user("Patch it")));
    input.addAll(outputAsInput(first));
    String callId = first.output().get(1).asFunctionCall().callId();
    input.add(
        tree(
            "{\"type\":\"function_call_output\",\"call_id\":\""
                + callId
                + "\",\"output\":\"Approved\"}"));
    Response second = client.responses().create(stateless(REASONER, input)).validate();
    assertEquals(ResponseStatus.COMPLETED, second.status().orElseThrow());

    List<JsonNode> withoutReasoning = new ArrayList<>(List.of(user("Patch it")));
    for (JsonNode item : outputAsInput(first)) {
      if (!item.path("type").asText().equals("reasoning")) {
        withoutReasoning.add(((ObjectNode) item).deepCopy().without("id"));
      }
    }
    withoutReasoning.add(input.get(input.size() - 1));
    assertEquals(
        ResponseStatus.COMPLETED,
        client
            .responses()
            .create(stateless(REASONER, withoutReasoning))
            .validate()
            .status()
            .orElseThrow());
    assertTrue(fake.rejectedRequests().isEmpty(), fake.rejectedRequests().toString());
  }

  @Test
  void anOutputItemSentBackByIdWithoutItsReasoningItemIsRefusedAsTheApiRefusesIt() {
    fake.script(REASONER).text("First answer.").text("never served");
    Response first = client.responses().create(stateless(REASONER, List.of(user("Hi")))).validate();
    JsonNode message = outputAsInput(first).get(1);
    BadRequestException refused =
        assertThrows(
            BadRequestException.class,
            () ->
                client
                    .responses()
                    .create(stateless(REASONER, List.of(user("Hi"), message, user("And?")))));
    String reasoningId = first.output().get(0).asReasoning().id();
    assertEquals(
        "Item '"
            + message.get("id").asText()
            + "' of type 'message' was provided without its required 'reasoning' item: '"
            + reasoningId
            + "'.",
        errorMessage(refused));
    assertEquals("input", refused.param().orElseThrow());
    assertEquals(
        1, fake.script(REASONER).remaining(), "a refused request does not use up the script");
  }

  @Test
  void aReasoningItemWithoutTheItemThatFollowedItIsRefused() {
    fake.script(REASONER).text("First answer.");
    Response first = client.responses().create(stateless(REASONER, List.of(user("Hi")))).validate();
    JsonNode reasoning = outputAsInput(first).get(0);
    BadRequestException refused =
        assertThrows(
            BadRequestException.class,
            () ->
                client
                    .responses()
                    .create(stateless(REASONER, List.of(user("Hi"), reasoning, user("And?")))));
    assertEquals(
        "Item '"
            + reasoning.get("id").asText()
            + "' of type 'reasoning' was provided without its required following item.",
        errorMessage(refused));
  }

  @Test
  void aReasoningItemOfAnUnstoredResponseCannotBeSentWithoutItsEncryptedContent() {
    fake.script(REASONER).text("First answer.");
    Response first =
        client
            .responses()
            .create(ResponseCreateParams.builder().model(REASONER).store(false).input("Hi").build())
            .validate();
    List<JsonNode> input = new ArrayList<>(List.of(user("Hi")));
    input.addAll(outputAsInput(first));
    input.add(user("And?"));
    NotFoundException notFound =
        assertThrows(
            NotFoundException.class, () -> client.responses().create(stateless(REASONER, input)));
    assertTrue(
        errorMessage(notFound)
            .startsWith(
                "Item with id '"
                    + first.output().get(0).asReasoning().id()
                    + "' not found. Items are not persisted when `store` is set to false."),
        errorMessage(notFound));
  }

  @Test
  void encryptedContentThatWasNotIssuedIsRefused() {
    fake.script(REASONER).text("First answer.");
    Response first = client.responses().create(stateless(REASONER, List.of(user("Hi")))).validate();
    List<JsonNode> input = new ArrayList<>(List.of(user("Hi")));
    input.addAll(outputAsInput(first));
    ((ObjectNode) input.get(1)).put("encrypted_content", "gAAAAABtampered");
    BadRequestException refused =
        assertThrows(
            BadRequestException.class, () -> client.responses().create(stateless(REASONER, input)));
    assertEquals("invalid_encrypted_content", refused.code().orElseThrow());
  }

  @Test
  void aPlainModelRefusesTheReasoningParameterAndAnswersWithoutReasoningItems() {
    fake.script(PLAIN).text("Plain answer.");
    BadRequestException refused =
        assertThrows(
            BadRequestException.class,
            () ->
                client
                    .responses()
                    .create(
                        ResponseCreateParams.builder()
                            .model(PLAIN)
                            .input("Hi")
                            .reasoning(Reasoning.builder().effort(ReasoningEffort.LOW).build())
                            .build()));
    assertEquals("unsupported_parameter", refused.code().orElseThrow());
    assertEquals("reasoning.effort", refused.param().orElseThrow());
    Response plain =
        client
            .responses()
            .create(ResponseCreateParams.builder().model(PLAIN).input("Hi").build())
            .validate();
    assertEquals(1, plain.output().size());
    assertTrue(plain.output().get(0).isMessage());
  }

  @Test
  void aStreamCanBreakOffWithAnErrorEventAResponseFailedOrACutConnection() {
    fake.script(REASONER)
        .reply(
            r ->
                r.text("Half of this arrives").breakStream(FakeOpenAi.StreamBreak.RESPONSE_FAILED));
    List<ResponseStreamEvent> events = new ArrayList<>();
    try (StreamResponse<ResponseStreamEvent> stream =
        client.responses().createStreaming(stateless(REASONER, List.of(user("Hi"))))) {
      stream.stream().map(ResponseStreamEvent::validate).forEach(events::add);
    }
    ResponseStreamEvent last = events.get(events.size() - 1);
    assertEquals(
        "server_error", last.asFailed().response().error().orElseThrow().code().asString());
    assertTrue(
        events.stream().anyMatch(ResponseStreamEvent::isOutputTextDelta),
        "some text came before the failure");
    assertFalse(events.stream().anyMatch(ResponseStreamEvent::isCompleted));

    fake.script(REASONER)
        .reply(r -> r.text("Half of this arrives").breakStream(FakeOpenAi.StreamBreak.ERROR_EVENT));
    List<ResponseStreamEvent> errorEvents = new ArrayList<>();
    try (StreamResponse<ResponseStreamEvent> stream =
        client.responses().createStreaming(stateless(REASONER, List.of(user("Hi"))))) {
      stream.stream().map(ResponseStreamEvent::validate).forEach(errorEvents::add);
    }
    assertEquals(
        "server_error", errorEvents.get(errorEvents.size() - 1).asError().code().orElseThrow());
    assertTrue(
        errorEvents.stream().anyMatch(ResponseStreamEvent::isOutputTextDelta),
        "some text came before the error");

    fake.script(REASONER)
        .reply(
            r -> r.text("Half of this arrives").breakStream(FakeOpenAi.StreamBreak.CONNECTION_CUT));
    List<ResponseStreamEvent> seen = new ArrayList<>();
    assertThrows(
        OpenAIException.class,
        () -> {
          try (StreamResponse<ResponseStreamEvent> stream =
              client.responses().createStreaming(stateless(REASONER, List.of(user("Hi"))))) {
            stream.stream().forEach(seen::add);
          }
        },
        "a cut connection ends the stream with an exception");
    assertTrue(
        seen.stream().anyMatch(ResponseStreamEvent::isOutputTextDelta), "some text came first");
  }

  @Test
  void aStreamCanEndCleanlyWithoutATerminalEvent() {
    fake.script(REASONER)
        .reply(r -> r.text("Half of this arrives").breakStream(FakeOpenAi.StreamBreak.ENDED_EARLY));
    List<ResponseStreamEvent> events;
    try (StreamResponse<ResponseStreamEvent> stream =
        client.responses().createStreaming(stateless(REASONER, List.of(user("Hi"))))) {
      events = stream.stream().map(ResponseStreamEvent::validate).toList();
    }
    assertTrue(
        events.stream().anyMatch(ResponseStreamEvent::isOutputTextDelta), "some text came first");
    assertTrue(
        events.stream()
            .noneMatch(e -> e.isCompleted() || e.isFailed() || e.isIncomplete() || e.isError()),
        "the body ended without a terminal event, and the SDK saw no failure either: "
            + events.get(events.size() - 1));
    assertTrue(
        events.get(events.size() - 1).isOutputTextDelta(), "it ended half-way through the text");
  }

  @Test
  void anIncompleteResponseEndsTheStreamWithResponseIncompleteAndAHalfItem() {
    fake.script(REASONER)
        .reply(
            r ->
                r.functionCall("submit_patch", "{\"patch\":\"@@ -1 +1 @@\"}")
                    .incomplete("max_output_tokens"));
    List<ResponseStreamEvent> events;
    try (StreamResponse<ResponseStreamEvent> stream =
        client.responses().createStreaming(stateless(REASONER, List.of(user("Hi"))))) {
      events = stream.stream().map(ResponseStreamEvent::validate).toList();
    }
    Response incomplete = events.get(events.size() - 1).asIncomplete().response();
    assertEquals(ResponseStatus.INCOMPLETE, incomplete.status().orElseThrow());
    assertEquals(
        "max_output_tokens",
        incomplete.incompleteDetails().orElseThrow().reason().orElseThrow().asString());
    assertEquals("{\"patch\":\"@", incomplete.output().get(1).asFunctionCall().arguments());
  }

  @Test
  void aRefusalStreamsAsRefusalDeltasIntoARefusalPart() {
    fake.script(REASONER).reply(r -> r.refusal("I can't help with that."));
    List<ResponseStreamEvent> events;
    try (StreamResponse<ResponseStreamEvent> stream =
        client.responses().createStreaming(stateless(REASONER, List.of(user("Hi"))))) {
      events = stream.stream().map(ResponseStreamEvent::validate).toList();
    }
    String streamed =
        events.stream()
            .filter(ResponseStreamEvent::isRefusalDelta)
            .map(e -> e.asRefusalDelta().delta())
            .reduce("", String::concat);
    assertEquals("I can't help with that.", streamed);
    assertEquals(
        "I can't help with that.",
        events.stream()
            .filter(ResponseStreamEvent::isRefusalDone)
            .findFirst()
            .orElseThrow()
            .asRefusalDone()
            .refusal());
    Response completed = events.get(events.size() - 1).asCompleted().response();
    assertEquals(
        "I can't help with that.",
        completed.output().get(1).asMessage().content().get(0).asRefusal().refusal());
  }

  @Test
  void aRateLimitCarriesItsHeaders() {
    fake.script(REASONER)
        .reply(
            r ->
                r.error(429, "requests", "rate_limit_exceeded", "Rate limit reached")
                    .header("retry-after-ms", "750")
                    .header("x-ratelimit-reset-requests", "1s"));
    RateLimitException limited =
        assertThrows(
            RateLimitException.class,
            () -> client.responses().create(stateless(REASONER, List.of(user("Hi")))));
    assertEquals(List.of("750"), limited.headers().values("retry-after-ms"));
    assertEquals(List.of("1s"), limited.headers().values("x-ratelimit-reset-requests"));
    assertEquals("rate_limit_exceeded", limited.code().orElseThrow());
  }

  @Test
  void usageCanComeWithoutDetailsOrNotAtAll() {
    OpenAIClient lenient =
        OpenAIOkHttpClient.builder().apiKey("k").baseUrl(fake.baseUrl()).maxRetries(0).build();
    try {
      fake.script(PLAIN)
          .reply(r -> r.text("a").usageShape(FakeOpenAi.UsageShape.WITHOUT_DETAILS))
          .reply(r -> r.text("b").usageShape(FakeOpenAi.UsageShape.NONE));
      Response withoutDetails =
          lenient
              .responses()
              .create(ResponseCreateParams.builder().model(PLAIN).input("Hi").build());
      assertTrue(withoutDetails.usage().orElseThrow()._inputTokensDetails().isMissing());
      assertEquals(100, withoutDetails.usage().orElseThrow().inputTokens());
      Response withoutUsage =
          lenient
              .responses()
              .create(ResponseCreateParams.builder().model(PLAIN).input("Hi").build());
      assertTrue(withoutUsage.usage().isEmpty());
    } finally {
      lenient.close();
    }
  }

  private static ResponseCreateParams stateless(String model, List<JsonNode> input) {
    ArrayNode items = ObjectMappers.jsonMapper().createArrayNode();
    input.forEach(items::add);
    return ResponseCreateParams.builder()
        .model(model)
        .store(false)
        .addInclude(ResponseIncludable.REASONING_ENCRYPTED_CONTENT)
        .input(JsonValue.fromJsonNode(items))
        .build();
  }

  private static List<JsonNode> outputAsInput(Response response) {
    List<JsonNode> items = new ArrayList<>();
    response
        .output()
        .forEach(
            item -> {
              item.reasoning()
                  .ifPresent(
                      r ->
                          items.add(
                              ObjectMappers.jsonMapper()
                                  .valueToTree(ResponseInputItem.ofReasoning(r))));
              item.message()
                  .ifPresent(
                      m ->
                          items.add(
                              ObjectMappers.jsonMapper()
                                  .valueToTree(ResponseInputItem.ofResponseOutputMessage(m))));
              item.functionCall()
                  .ifPresent(
                      c ->
                          items.add(
                              ObjectMappers.jsonMapper()
                                  .valueToTree(ResponseInputItem.ofFunctionCall(c))));
            });
    return items;
  }

  private static JsonNode user(String text) {
    return tree("{\"type\":\"message\",\"role\":\"user\",\"content\":\"" + text + "\"}");
  }

  private static JsonNode tree(String json) {
    try {
      return ObjectMappers.jsonMapper().readTree(json);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private static String errorMessage(com.openai.errors.OpenAIServiceException failure) {
    return ObjectMappers.jsonMapper().valueToTree(failure.body()).path("message").asText();
  }
}
