package dev.vibegrapher.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.ObjectMappers;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.RateLimitException;
import com.openai.helpers.ResponseAccumulator;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFormatTextJsonSchemaConfig;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseOutputMessage;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.ResponseTextConfig;
import com.openai.models.responses.ResponseUsage;
import com.openai.models.responses.StructuredResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Proves the fake against the real openai-java client, with the SDK's own validation switched on.
 */
class FakeOpenAiTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CODER = "coder-model";
  private static final String EVALUATOR = "evaluator-model";
  private static final String PATCH_ARGUMENTS =
      "{\"path\":\"src/App.java\",\"diff\":\"--- a\\n+++ b\\n@@ -1 +1 @@\\n-old\\n+new\\n\"}";

  private static FakeOpenAi fake;
  private static OpenAIClient client;

  @BeforeAll
  static void startFake() {
    // These tests are about the wire format of plain models; FakeOpenAiReasoningTest covers
    // reasoning.
    fake = FakeOpenAi.start().plainModels(CODER, EVALUATOR);
    client =
        OpenAIOkHttpClient.builder()
            .apiKey("test-key")
            .baseUrl(fake.baseUrl())
            .maxRetries(0)
            // Eager validation on top of the explicit validate() calls: parsing must not be
            // lenient.
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
  void answersPlainTextWithAFullyValidResponse() {
    fake.script(CODER).text("Hello from the fake");

    Response response = client.responses().create(params(CODER, "Say hello")).validate();

    assertTrue(response.id().startsWith("resp_"));
    assertEquals(CODER, response.model().asString());
    assertEquals(ResponseStatus.COMPLETED, response.status().orElseThrow());
    assertEquals("Hello from the fake", outputText(response));
    assertUsage(response.usage().orElseThrow(), 100, 20, 120);
  }

  @Test
  void streamsTextAsDeltasFollowingTheRealEventSequence() {
    fake.script(CODER).usage(1234, 56).text("Streaming is working nicely today");

    List<ResponseStreamEvent> events = streamAll(params(CODER, "Stream please"));

    List<String> deltas =
        events.stream()
            .filter(ResponseStreamEvent::isOutputTextDelta)
            .map(e -> e.asOutputTextDelta().delta())
            .toList();
    assertTrue(deltas.size() > 1, "text should arrive in several deltas: " + deltas);
    assertEquals("Streaming is working nicely today", String.join("", deltas));
    assertEquals(
        List.of(
            "response.created",
            "response.in_progress",
            "response.output_item.added",
            "response.content_part.added"),
        types(events).subList(0, 4));
    assertEquals(
        List.of(
            "response.output_text.done",
            "response.content_part.done",
            "response.output_item.done",
            "response.completed"),
        types(events).subList(events.size() - 4, events.size()));
    assertSequenceNumbersIncrease(events);

    Response completed = events.get(events.size() - 1).asCompleted().response().validate();
    assertEquals("Streaming is working nicely today", outputText(completed));
    assertUsage(completed.usage().orElseThrow(), 1234, 56, 1290);
    String itemId = completed.output().get(0).asMessage().id();
    events.stream()
        .filter(ResponseStreamEvent::isOutputTextDelta)
        .forEach(
            e ->
                assertEquals(
                    itemId,
                    e.asOutputTextDelta().itemId(),
                    "deltas belong to the completed message"));
  }

  @Test
  void streamedEventsAccumulateIntoTheSameResponseTheSdkWouldBuild() {
    fake.script(CODER)
        .reply(r -> r.text("Let me patch that.").functionCall("submit_patch", PATCH_ARGUMENTS));

    ResponseAccumulator accumulator = ResponseAccumulator.createWithSnapshots();
    Response beforeCompletion = null;
    try (StreamResponse<ResponseStreamEvent> stream =
        client.responses().createStreaming(params(CODER, "Fix it"))) {
      for (ResponseStreamEvent event : (Iterable<ResponseStreamEvent>) stream.stream()::iterator) {
        if (event.isCompleted()) {
          // What the SDK assembled from deltas alone, before the final response overrides it.
          beforeCompletion = accumulator.snapshot().orElseThrow();
        }
        accumulator.accumulate(event.validate());
      }
    }

    Response fromDeltas = beforeCompletion;
    assertEquals("Let me patch that.", outputText(fromDeltas));
    assertEquals(PATCH_ARGUMENTS, fromDeltas.output().get(1).asFunctionCall().arguments());
    Response completed = accumulator.response().validate();
    assertEquals(2, completed.output().size());
    assertEquals("Let me patch that.", outputText(completed));
    assertEquals("submit_patch", completed.output().get(1).asFunctionCall().name());
  }

  @Test
  void streamsAFunctionCallWithArgumentDeltas() {
    fake.script(CODER).functionCall("submit_patch", PATCH_ARGUMENTS);

    List<ResponseStreamEvent> events = streamAll(params(CODER, "Patch it"));

    List<String> deltas =
        events.stream()
            .filter(ResponseStreamEvent::isFunctionCallArgumentsDelta)
            .map(e -> e.asFunctionCallArgumentsDelta().delta())
            .toList();
    assertTrue(deltas.size() > 1, "arguments should arrive in several deltas: " + deltas);
    assertEquals(PATCH_ARGUMENTS, String.join("", deltas));
    assertEquals(
        PATCH_ARGUMENTS,
        events.stream()
            .filter(ResponseStreamEvent::isFunctionCallArgumentsDone)
            .findFirst()
            .orElseThrow()
            .asFunctionCallArgumentsDone()
            .arguments());
    assertEquals(
        List.of("response.created", "response.in_progress", "response.output_item.added"),
        types(events).subList(0, 3));
    assertEquals(
        List.of(
            "response.function_call_arguments.done",
            "response.output_item.done",
            "response.completed"),
        types(events).subList(events.size() - 3, events.size()));
    assertSequenceNumbersIncrease(events);

    ResponseFunctionToolCall done =
        events.stream()
            .filter(ResponseStreamEvent::isOutputItemDone)
            .findFirst()
            .orElseThrow()
            .asOutputItemDone()
            .item()
            .asFunctionCall();
    assertEquals("submit_patch", done.name());
    assertEquals(PATCH_ARGUMENTS, done.arguments());
    assertTrue(done.callId().startsWith("call_"));
    assertTrue(done.id().orElseThrow().startsWith("fc_"));

    Response completed = events.get(events.size() - 1).asCompleted().response().validate();
    ResponseFunctionToolCall finalCall = completed.output().get(0).asFunctionCall();
    assertEquals(done.callId(), finalCall.callId());
    assertEquals(PATCH_ARGUMENTS, finalCall.arguments());
  }

  @Test
  void combinesTextAndAFunctionCallInOneResponse() {
    fake.script(CODER)
        .reply(r -> r.text("Here is my patch.").functionCall("submit_patch", PATCH_ARGUMENTS));

    Response response = client.responses().create(params(CODER, "Patch it")).validate();

    assertEquals(2, response.output().size());
    assertEquals("Here is my patch.", outputText(response));
    ResponseFunctionToolCall call = response.output().get(1).asFunctionCall();
    assertEquals("submit_patch", call.name());
    assertEquals(PATCH_ARGUMENTS, call.arguments());
    assertEquals(ResponseFunctionToolCall.Status.COMPLETED, call.status().orElseThrow());
  }

  @Test
  void returnsStructuredOutputForAJsonSchemaFormat() throws IOException {
    String verdict = "{\"verdict\":\"approve\",\"reasons\":[\"tests pass\",\"diff is small\"]}";
    fake.script(EVALUATOR).structured(verdict);

    ResponseFormatTextJsonSchemaConfig format =
        ResponseFormatTextJsonSchemaConfig.builder()
            .name("verdict")
            .schema(
                ResponseFormatTextJsonSchemaConfig.Schema.builder()
                    .putAdditionalProperty("type", JsonValue.from("object"))
                    .putAdditionalProperty(
                        "properties",
                        JsonValue.from(
                            Map.of(
                                "verdict", Map.of("type", "string"),
                                "reasons",
                                    Map.of("type", "array", "items", Map.of("type", "string")))))
                    .putAdditionalProperty(
                        "required", JsonValue.from(List.of("verdict", "reasons")))
                    .putAdditionalProperty("additionalProperties", JsonValue.from(false))
                    .build())
            .strict(true)
            .build();
    ResponseCreateParams params =
        params(EVALUATOR, "Judge this diff").toBuilder()
            .text(ResponseTextConfig.builder().format(format).build())
            .build();

    Response response = client.responses().create(params).validate();

    assertEquals(JSON.readTree(verdict), JSON.readTree(outputText(response)));
    assertEquals(
        "verdict",
        response.text().orElseThrow().format().orElseThrow().asJsonSchema().name(),
        "the response echoes the requested format, as the API does");
    JsonNode sentFormat = fake.requestsFor(EVALUATOR).get(0).body().path("text").path("format");
    assertEquals("json_schema", sentFormat.path("type").asText());
  }

  /**
   * Shape the app may use: the SDK derives the schema from a class and parses the output into it.
   */
  public static final class Verdict {
    public String verdict;
    public List<String> reasons;
  }

  @Test
  void structuredOutputParsesIntoTheSdksTypedResponse() {
    fake.script(EVALUATOR)
        .structured("{\"verdict\":\"reject\",\"reasons\":[\"breaks the build\"]}");

    StructuredResponse<Verdict> response =
        client
            .responses()
            .create(params(EVALUATOR, "Judge this diff").toBuilder().text(Verdict.class).build());

    Verdict verdict =
        response.output().stream()
            .flatMap(item -> item.message().stream())
            .flatMap(message -> message.content().stream())
            .flatMap(content -> content.outputText().stream())
            .findFirst()
            .orElseThrow();
    assertEquals("reject", verdict.verdict);
    assertEquals(List.of("breaks the build"), verdict.reasons);
  }

  @Test
  void mapsErrorStatusesToTheSdksExceptions() {
    fake.script(CODER)
        .error(429, "requests", "rate_limit_exceeded", "Rate limit reached for coder-model")
        .error(500, "server_error", "The server had an error while processing your request.")
        .error(400, "invalid_request_error", "Invalid 'input': too long");

    RateLimitException rateLimited =
        assertThrows(RateLimitException.class, () -> client.responses().create(params(CODER, "a")));
    assertEquals(429, rateLimited.statusCode());
    assertEquals("requests", rateLimited.type().orElseThrow());
    assertEquals("rate_limit_exceeded", rateLimited.code().orElseThrow());
    assertTrue(
        rateLimited.getMessage().contains("Rate limit reached for coder-model"),
        rateLimited.getMessage());

    InternalServerException serverError =
        assertThrows(
            InternalServerException.class, () -> client.responses().create(params(CODER, "b")));
    assertEquals(500, serverError.statusCode());
    assertEquals("server_error", serverError.type().orElseThrow());

    BadRequestException badRequest =
        assertThrows(
            BadRequestException.class, () -> client.responses().create(params(CODER, "c")));
    assertTrue(badRequest.getMessage().contains("Invalid 'input'"), badRequest.getMessage());
  }

  @Test
  void aStreamingRequestFailsWithTheStatusBeforeAnyEvent() {
    fake.script(CODER).error(429, "tokens", "rate_limit_exceeded", "Slow down");

    assertThrows(RateLimitException.class, () -> streamAll(params(CODER, "stream")));
  }

  @Test
  void repeatsAnErrorForeverAfterTheQueuedReplies() {
    fake.script(EVALUATOR).text("first").alwaysError(500, "server_error", "down for good");

    assertEquals("first", outputText(client.responses().create(params(EVALUATOR, "1"))));
    for (int attempt = 0; attempt < 3; attempt++) {
      InternalServerException failure =
          assertThrows(
              InternalServerException.class,
              () -> client.responses().create(params(EVALUATOR, "again")));
      assertTrue(failure.getMessage().contains("down for good"), failure.getMessage());
    }
    assertTrue(fake.unscriptedRequests().isEmpty(), "the always-reply counts as scripted");
  }

  @Test
  void saysSoWhenTheScriptRunsOut() {
    fake.script(CODER).text("only one");
    client.responses().create(params(CODER, "1"));

    InternalServerException failure =
        assertThrows(
            InternalServerException.class, () -> client.responses().create(params(CODER, "2")));

    assertTrue(failure.getMessage().contains("ran out"), failure.getMessage());
    assertEquals(1, fake.unscriptedRequests().size());
    assertEquals(0, fake.script(CODER).remaining());
  }

  @Test
  void keepsEachModelsScriptSeparateAndRecordsWhatWasSent() {
    fake.script(CODER).text("coder says");
    fake.script(EVALUATOR).text("evaluator says");

    ResponseCreateParams coderParams =
        params(CODER, "Please fix the bug").toBuilder()
            .instructions("You are the coder.")
            .addTool(submitPatchTool())
            .build();
    assertEquals(
        "evaluator says", outputText(client.responses().create(params(EVALUATOR, "Judge"))));
    assertEquals("coder says", outputText(client.responses().create(coderParams)));

    assertEquals(
        List.of(EVALUATOR, CODER),
        fake.requests().stream().map(FakeOpenAi.RecordedRequest::model).toList());
    FakeOpenAi.RecordedRequest request = fake.requestsFor(CODER).get(0);
    assertEquals("POST", request.method());
    assertEquals("/v1/responses", request.path());
    assertEquals("Bearer test-key", request.header("authorization"));
    assertEquals("Please fix the bug", request.input().asText());
    assertEquals("Please fix the bug", request.inputText());
    assertEquals("You are the coder.", request.instructions());
    assertEquals(List.of("submit_patch"), request.toolNames());
    assertEquals("object", request.tools().get(0).path("parameters").path("type").asText());
    assertFalse(request.streaming());
    assertTrue(request.rawBody().contains("\"submit_patch\""));

    Response echoed = parseAsSdk(fake.responsesSent(CODER).get(0));
    assertEquals(
        "submit_patch",
        echoed.tools().get(0).asFunction().name(),
        "tools are echoed back as the API does");
  }

  @Test
  void reportsTheExactJsonItSent() throws IOException {
    fake.script(CODER).text("plain").text("streamed");

    String plainBody;
    try (HttpResponseFor<Response> raw =
        client.responses().withRawResponse().create(params(CODER, "1"))) {
      plainBody = new String(raw.body().readAllBytes(), StandardCharsets.UTF_8);
    }
    assertEquals(fake.responsesSent(CODER).get(0), plainBody);

    String completedData =
        rawStream(params(CODER, "2")).stream()
            .filter(event -> event.startsWith("event: response.completed\n"))
            .findFirst()
            .orElseThrow();
    assertTrue(
        completedData.contains("\"response\":" + fake.responsesSent(CODER).get(1) + ","),
        "the completed event carries the recorded response verbatim");
    assertEquals(2, fake.responsesSent().size());
  }

  @Test
  void speaksServerSentEventsOnTheWire() throws IOException {
    fake.script(CODER).text("wire check");

    List<String> events = rawStream(params(CODER, "raw"));

    long previous = -1;
    for (String event : events) {
      String[] lines = event.split("\n");
      assertEquals(2, lines.length, event);
      String type = lines[0].substring("event: ".length());
      JsonNode data = JSON.readTree(lines[1].substring("data: ".length()));
      assertEquals(type, data.get("type").asText());
      long sequence = data.get("sequence_number").asLong();
      assertTrue(sequence > previous, "sequence numbers increase: " + event);
      previous = sequence;
    }
    assertTrue(fake.requestsFor(CODER).get(0).streaming());
  }

  @Test
  void delaysAReplyWhenAsked() {
    fake.script(CODER).delay(Duration.ofMillis(700)).text("slow").text("fast");

    long start = System.nanoTime();
    client.responses().create(params(CODER, "slow"));
    Duration slow = Duration.ofNanos(System.nanoTime() - start);
    start = System.nanoTime();
    client.responses().create(params(CODER, "fast"));
    Duration fast = Duration.ofNanos(System.nanoTime() - start);

    assertTrue(slow.toMillis() >= 700, "delayed reply took " + slow);
    assertTrue(fast.toMillis() < 700, "the delay applies to one reply only, the next took " + fast);
  }

  @Test
  void holdsManyConcurrentRequestsUntilReleased() throws Exception {
    int callers = 24;
    FakeOpenAi.Hold hold = new FakeOpenAi.Hold();
    for (int i = 0; i < callers; i++) {
      fake.script(CODER).holdUntil(hold).text("released");
    }
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        answers.add(
            pool.submit(() -> outputText(client.responses().create(params(CODER, "wait")))));
      }

      hold.awaitHeld(callers, Duration.ofSeconds(10));
      assertEquals(callers, fake.awaitRequests(CODER, callers, Duration.ofSeconds(5)).size());
      assertTrue(answers.stream().noneMatch(Future::isDone), "nobody is answered while held");

      hold.release();
      for (Future<String> answer : answers) {
        assertEquals("released", answer.get(10, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void resetForgetsScriptsAndRecords() {
    fake.script(EVALUATOR).text("used");
    fake.script(CODER).text("left over");
    client.responses().create(params(EVALUATOR, "x"));

    fake.reset();

    assertTrue(fake.requests().isEmpty());
    assertTrue(fake.responsesSent().isEmpty());
    assertEquals(0, fake.script(CODER).remaining());
  }

  // ---------------------------------------------------------------------------------------------

  private static ResponseCreateParams params(String model, String input) {
    return ResponseCreateParams.builder().model(model).input(input).build();
  }

  private static FunctionTool submitPatchTool() {
    return FunctionTool.builder()
        .name("submit_patch")
        .description("Submit a unified diff")
        .parameters(
            FunctionTool.Parameters.builder()
                .putAdditionalProperty("type", JsonValue.from("object"))
                .putAdditionalProperty(
                    "properties",
                    JsonValue.from(
                        Map.of(
                            "path", Map.of("type", "string"),
                            "diff", Map.of("type", "string"))))
                .putAdditionalProperty("required", JsonValue.from(List.of("path", "diff")))
                .putAdditionalProperty("additionalProperties", JsonValue.from(false))
                .build())
        .strict(true)
        .build();
  }

  /**
   * The concatenated output_text of all assistant messages, as the Python SDK's output_text does.
   */
  private static String outputText(Response response) {
    return response.output().stream()
        .filter(ResponseOutputItem::isMessage)
        .flatMap(item -> item.asMessage().content().stream())
        .filter(ResponseOutputMessage.Content::isOutputText)
        .map(content -> content.asOutputText().text())
        .collect(Collectors.joining());
  }

  private static List<ResponseStreamEvent> streamAll(ResponseCreateParams params) {
    try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(params)) {
      return stream.stream().map(ResponseStreamEvent::validate).toList();
    }
  }

  /** The event's JSON exactly as received, for the fields every event shares. */
  private static JsonNode rawJson(ResponseStreamEvent event) {
    return ObjectMappers.jsonMapper().valueToTree(event._json().orElseThrow());
  }

  private static List<String> types(List<ResponseStreamEvent> events) {
    return events.stream().map(e -> rawJson(e).get("type").asText()).toList();
  }

  private static void assertSequenceNumbersIncrease(List<ResponseStreamEvent> events) {
    List<Long> sequence =
        events.stream().map(e -> rawJson(e).get("sequence_number").asLong()).toList();
    for (int i = 0; i < sequence.size(); i++) {
      assertEquals(i, sequence.get(i), "sequence numbers count up from 0: " + sequence);
    }
  }

  private static void assertUsage(ResponseUsage usage, long input, long output, long total) {
    usage.validate();
    assertEquals(input, usage.inputTokens());
    assertEquals(output, usage.outputTokens());
    assertEquals(total, usage.totalTokens());
    assertEquals(0, usage.inputTokensDetails().cachedTokens());
    assertEquals(0, usage.outputTokensDetails().reasoningTokens());
  }

  /**
   * Reads the SSE stream with a plain HTTP client, one string per event (without the blank line).
   */
  private static List<String> rawStream(ResponseCreateParams params) throws IOException {
    JsonNode body = ObjectMappers.jsonMapper().valueToTree(params._body());
    ((ObjectNode) body).put("stream", true);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/responses"))
            .header("Authorization", "Bearer test-key")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build();
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
      assertEquals(200, response.statusCode());
      assertTrue(
          response
              .headers()
              .firstValue("Content-Type")
              .orElseThrow()
              .startsWith("text/event-stream"));
      String sse = response.body();
      assertTrue(sse.endsWith("\n\n"), "every event ends with a blank line");
      return List.of(sse.substring(0, sse.length() - 2).split("\n\n"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /** Parses JSON the fake sent the way the SDK does, so it can be inspected with SDK types. */
  private static Response parseAsSdk(String json) {
    try {
      return ObjectMappers.jsonMapper().readValue(json, Response.class).validate();
    } catch (IOException e) {
      throw new AssertionError("The fake sent JSON the SDK cannot read: " + json, e);
    }
  }
}
