package dev.vibegrapher.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A local stand-in for the OpenAI Responses API ({@code POST /v1/responses}) that the official
 * {@code openai-java} SDK talks to unmodified, so tests exercise the real client, its JSON parsing
 * and its error mapping rather than a mock of our own code.
 *
 * <p>Replies are scripted per model name, because the app drives its coder and its evaluator with
 * different models and a test needs to tell them apart:
 *
 * <pre>{@code
 * try (FakeOpenAi fake = FakeOpenAi.start()) {
 *   fake.script("coder-model").text("Looking at it").functionCall("submit_patch", "{\"diff\":\"...\"}");
 *   fake.script("coder-model").reply(r -> r.text("Here is the patch").functionCall("submit_patch", args));
 *   fake.script("evaluator-model").delay(Duration.ofSeconds(1)).structured("{\"verdict\":\"pass\"}");
 *   fake.script("evaluator-model").alwaysError(500, "server_error", "down");
 *   // point the app at fake.baseUrl()
 * }
 * }</pre>
 *
 * Each call on a {@link Script} queues one whole response; queued responses are served in order. A
 * model with nothing left answers 500 with a message saying the script ran out, so a test that
 * under-scripts fails loudly instead of hanging.
 *
 * <p><b>Reasoning models.</b> Every model reasons unless {@link #plainModels} says otherwise (the
 * product's default models, gpt-5-mini and gpt-5-nano, are reasoning models). Following the API's
 * documented rules (platform.openai.com/docs/guides/reasoning, "Keeping reasoning items in
 * context"; api-reference/responses/create, {@code include} and {@code store}):
 *
 * <ul>
 *   <li>each response's output starts with a {@code reasoning} item; with {@code include:
 *       ["reasoning.encrypted_content"]} it carries {@code encrypted_content};
 *   <li>input is checked as the API checks it, with the API's own error bodies (quoted in {@link
 *       #inputError}): an output item sent back by id without the reasoning item it came with, a
 *       reasoning item without the item that followed it, a reasoning item of a {@code store:
 *       false} response sent without its encrypted content (it cannot be looked up), encrypted
 *       content that is not the one issued;
 *   <li>a plain model refuses the {@code reasoning} parameter and the encrypted-content include.
 * </ul>
 *
 * A refused request keeps the scripted reply queued: the model never saw it.
 */
public final class FakeOpenAi implements AutoCloseable {

  /** Token counts every reply reports unless the script says otherwise. */
  public static final Usage DEFAULT_USAGE = Usage.of(100, 20);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RESPONSES_PATH = "/v1/responses";

  /** Enough deltas that a client must really concatenate them, few enough to keep streams short. */
  private static final int STREAM_CHUNKS = 4;

  /** A forgotten Hold must not pin a server thread forever. */
  private static final Duration MAX_HOLD = Duration.ofMinutes(5);

  private final HttpServer server;
  private final ExecutorService executor;

  private final Object lock = new Object();
  private final Map<String, ModelScript> scripts = new HashMap<>();
  private final List<RecordedRequest> requests = new ArrayList<>();
  private final List<SentResponse> responsesSent = new ArrayList<>();
  private final Set<Hold> holds = new LinkedHashSet<>();
  private final Set<String> plainModels = new HashSet<>();

  /** Every output item served, by id: what the API remembers of it to check input against. */
  private final Map<String, Produced> produced = new HashMap<>();

  /** The whole context of every stored response (store: true), for previous_response_id. */
  private final Map<String, List<JsonNode>> contexts = new HashMap<>();

  private boolean estimatingUsage;

  private FakeOpenAi(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Starts a fake on 127.0.0.1 with an ephemeral port. */
  public static FakeOpenAi start() {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the fake OpenAI server", e);
    }
    // A cached pool, not the server's single default thread: delayed and held replies must not
    // block other requests, and tests deliberately keep many of them open at once.
    AtomicInteger threads = new AtomicInteger();
    ExecutorService executor =
        Executors.newCachedThreadPool(
            task -> {
              Thread thread = new Thread(task, "fake-openai-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    FakeOpenAi fake = new FakeOpenAi(server, executor);
    server.createContext("/", fake::handle);
    server.setExecutor(executor);
    server.start();
    return fake;
  }

  /**
   * The URL to give the SDK as its base URL; it ends in /v1 because the SDK appends "responses".
   */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  /**
   * Declares models that do not reason, as OpenAI-compatible servers and older models: no reasoning
   * items, and the {@code reasoning} parameter refused. Kept across {@link #reset}.
   */
  public FakeOpenAi plainModels(String... models) {
    synchronized (lock) {
      plainModels.addAll(List.of(models));
    }
    return this;
  }

  /**
   * Reports usage estimated from the request and the answer instead of the scripted counts, by the
   * API's billing rules: every item of the context is input (with previous_response_id too: "all
   * previous input tokens for responses in the chain are billed as input tokens",
   * platform.openai.com/docs/guides/conversation-state), except reasoning items from before the
   * last user message, which the API drops
   * (cookbook.openai.com/examples/responses_api/reasoning_items); a token is taken as 4 characters
   * (help.openai.com, "What are tokens and how to count them").
   */
  public FakeOpenAi estimatingUsage() {
    synchronized (lock) {
      estimatingUsage = true;
    }
    return this;
  }

  public boolean reasons(String model) {
    synchronized (lock) {
      return !plainModels.contains(model);
    }
  }

  /**
   * Requests the fake refused as the API would (bad pairing, unsupported parameter...), with the
   * error sent.
   */
  public List<RecordedRequest> rejectedRequests() {
    synchronized (lock) {
      return requests.stream().filter(r -> r.rejection() != null).toList();
    }
  }

  /** The script of one model; each reply method queues one response. */
  public Script script(String model) {
    return new Script(model);
  }

  /** Every request received so far, in arrival order. */
  public List<RecordedRequest> requests() {
    synchronized (lock) {
      return List.copyOf(requests);
    }
  }

  /** The requests that named this model, in arrival order. */
  public List<RecordedRequest> requestsFor(String model) {
    synchronized (lock) {
      return requests.stream().filter(r -> model.equals(r.model())).toList();
    }
  }

  /** Requests that found their model's script empty and were answered with the "ran out" 500. */
  public List<RecordedRequest> unscriptedRequests() {
    synchronized (lock) {
      return requests.stream().filter(r -> !r.scripted()).toList();
    }
  }

  /**
   * Waits until at least {@code count} requests for the model have arrived (held or delayed ones
   * count on arrival) and returns them all; fails the test with what did arrive on timeout.
   */
  public List<RecordedRequest> awaitRequests(String model, int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (true) {
        List<RecordedRequest> matching =
            requests.stream().filter(r -> model.equals(r.model())).toList();
        if (matching.size() >= count) {
          return matching;
        }
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          throw new AssertionError(
              "Expected "
                  + count
                  + " request(s) for model '"
                  + model
                  + "' within "
                  + timeout
                  + " but got "
                  + matching.size()
                  + "; all models seen: "
                  + requests.stream().map(RecordedRequest::model).toList());
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(lock, remaining);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("Interrupted while waiting for requests", e);
        }
      }
    }
  }

  /**
   * The exact JSON of every Response object sent for the model, in order: the body of a plain
   * reply, or the {@code response} of the {@code response.completed} event of a streamed one.
   */
  public List<String> responsesSent(String model) {
    synchronized (lock) {
      return responsesSent.stream()
          .filter(r -> r.model().equals(model))
          .map(SentResponse::json)
          .toList();
    }
  }

  /** The exact JSON of every Response object sent, for any model, in order. */
  public List<String> responsesSent() {
    synchronized (lock) {
      return responsesSent.stream().map(SentResponse::json).toList();
    }
  }

  /**
   * Forgets all scripts, recorded requests and sent responses, and releases every Hold so that
   * requests still parked from an earlier test finish instead of leaking into the next one.
   */
  public void reset() {
    List<Hold> toRelease;
    synchronized (lock) {
      scripts.clear();
      requests.clear();
      responsesSent.clear();
      toRelease = List.copyOf(holds);
      holds.clear();
    }
    toRelease.forEach(Hold::release);
  }

  @Override
  public void close() {
    List<Hold> toRelease;
    synchronized (lock) {
      toRelease = List.copyOf(holds);
      holds.clear();
    }
    toRelease.forEach(Hold::release);
    server.stop(0);
    executor.shutdownNow();
  }

  /** Token counts reported in a reply's {@code usage}; the total is derived. */
  public record Usage(
      long inputTokens, long cachedTokens, long outputTokens, long reasoningTokens) {
    public static Usage of(long inputTokens, long outputTokens) {
      return new Usage(inputTokens, 0, outputTokens, 0);
    }

    public long totalTokens() {
      return inputTokens + outputTokens;
    }
  }

  /** One request as it arrived; {@code scripted} is false when the model's script had run out. */
  public record RecordedRequest(
      String method,
      String path,
      Map<String, List<String>> headers,
      String rawBody,
      JsonNode body,
      Instant receivedAt,
      boolean scripted,
      String rejection) {

    /** The first value of a header, matched case-insensitively, or null. */
    public String header(String name) {
      List<String> values = headers.get(name);
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    public String model() {
      JsonNode model = body.path("model");
      return model.isTextual() ? model.asText() : null;
    }

    public boolean streaming() {
      return body.path("stream").asBoolean(false);
    }

    /** The {@code input} field: a string or an array of input items. */
    public JsonNode input() {
      return body.path("input");
    }

    /**
     * Every piece of text in the input, one per line: a plain-string input as is, otherwise each
     * message's text and each function call output, so a test can assert what the model was shown.
     */
    public String inputText() {
      JsonNode input = input();
      if (input.isTextual()) {
        return input.asText();
      }
      List<String> texts = new ArrayList<>();
      collectTexts(input, texts);
      return String.join("\n", texts);
    }

    static void collectTexts(JsonNode node, List<String> texts) {
      if (node.isArray()) {
        node.forEach(element -> collectTexts(element, texts));
      } else if (node.isObject()) {
        node.properties()
            .forEach(
                field -> {
                  boolean textField = Set.of("content", "text", "output").contains(field.getKey());
                  if (textField && field.getValue().isTextual()) {
                    texts.add(field.getValue().asText());
                  } else {
                    collectTexts(field.getValue(), texts);
                  }
                });
      }
    }

    public String instructions() {
      JsonNode instructions = body.path("instructions");
      return instructions.isTextual() ? instructions.asText() : null;
    }

    /** The {@code tools} array as sent (empty if none). */
    public JsonNode tools() {
      JsonNode tools = body.path("tools");
      return tools.isArray() ? tools : JSON.createArrayNode();
    }

    public List<String> toolNames() {
      List<String> names = new ArrayList<>();
      tools().forEach(tool -> names.add(tool.path("name").asText(tool.path("type").asText())));
      return names;
    }
  }

  /**
   * Parks the replies it is attached to until {@link #release()}; one Hold may park many requests.
   * Lets a test observe the app while a model call is in flight, for as long as it likes.
   */
  public static final class Hold {
    private final CountDownLatch released = new CountDownLatch(1);
    private int parked;

    public void release() {
      released.countDown();
    }

    public boolean isReleased() {
      return released.getCount() == 0;
    }

    /** Waits until at least {@code count} requests are parked on this hold; fails on timeout. */
    public synchronized void awaitHeld(int count, Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (parked < count) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          throw new AssertionError(
              "Expected "
                  + count
                  + " request(s) held within "
                  + timeout
                  + " but "
                  + parked
                  + " are");
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(this, remaining);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("Interrupted while waiting for held requests", e);
        }
      }
    }

    /** Requests currently parked on this hold. */
    public synchronized int heldCount() {
      return parked;
    }

    private void park() throws InterruptedException {
      synchronized (this) {
        parked++;
        notifyAll();
      }
      try {
        released.await(MAX_HOLD.toMillis(), TimeUnit.MILLISECONDS);
      } finally {
        synchronized (this) {
          parked--;
          notifyAll();
        }
      }
    }
  }

  /**
   * The contents and timing of one response, for {@link Script#reply}. Output items appear in the
   * order they are added, so {@code r.text("why").functionCall("submit_patch", args)} is one
   * response whose output is a message followed by a function call.
   */
  public static final class Reply {
    private final List<OutputItem> output = new ArrayList<>();
    private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private Failure failure;
    private String incompleteReason;
    private StreamBreak streamBreak;
    private UsageShape usageShape = UsageShape.FULL;
    private Usage usage = DEFAULT_USAGE;
    private Duration delay = Duration.ZERO;
    private Duration eventGap = Duration.ZERO;
    private Hold hold;

    private Reply() {}

    /** An assistant message with this output text. */
    public Reply text(String text) {
      output.add(new MessageItem(Objects.requireNonNull(text, "text")));
      return this;
    }

    /**
     * An assistant message whose output text is this JSON, as a json_schema text format makes the
     * model produce. The JSON must parse, so a typo fails at scripting time; use {@link #text} to
     * script malformed output on purpose.
     */
    public Reply structured(String json) {
      try {
        JSON.readTree(json);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("structured() needs valid JSON, got: " + json, e);
      }
      return text(json);
    }

    /**
     * An assistant message whose content is a refusal part ({@code {"type":"refusal"}}), streamed
     * as {@code response.refusal.delta} events, as the API sends a model's refusal.
     */
    public Reply refusal(String text) {
      output.add(new RefusalItem(Objects.requireNonNull(text, "text")));
      return this;
    }

    /**
     * Ends the response incomplete for this reason ({@code max_output_tokens} or {@code
     * content_filter}): the last output item is cut in half and marked incomplete, and a stream
     * ends with {@code response.incomplete} instead of {@code response.completed}.
     */
    public Reply incomplete(String reason) {
      incompleteReason = Objects.requireNonNull(reason, "reason");
      return this;
    }

    /**
     * Breaks a stream off half-way through its first message or call, in one of the ways the API's
     * streams break.
     */
    public Reply breakStream(StreamBreak how) {
      streamBreak = Objects.requireNonNull(how, "how");
      return this;
    }

    /** A response header, e.g. the rate-limit headers that go with a 429. */
    public Reply header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    /** How much of the usage object to report; OpenAI-compatible servers often send less. */
    public Reply usageShape(UsageShape shape) {
      usageShape = Objects.requireNonNull(shape, "shape");
      return this;
    }

    /** A function_call item; arguments are sent as given, valid JSON or not. */
    public Reply functionCall(String name, String argumentsJson) {
      output.add(
          new FunctionCallItem(
              Objects.requireNonNull(name, "name"),
              Objects.requireNonNull(argumentsJson, "arguments")));
      return this;
    }

    /** Answers with an HTTP error and an OpenAI error body instead of a response. */
    public Reply error(int status, String type, String code, String message) {
      failure = new Failure(status, type, code, message);
      return this;
    }

    public Reply usage(Usage usage) {
      this.usage = Objects.requireNonNull(usage, "usage");
      return this;
    }

    public Reply usage(long inputTokens, long outputTokens) {
      return usage(Usage.of(inputTokens, outputTokens));
    }

    /** Waits this long after the request arrives before answering at all. */
    public Reply delay(Duration delay) {
      this.delay = Objects.requireNonNull(delay, "delay");
      return this;
    }

    /** When streamed, waits this long after each event, so a client sees the deltas trickle in. */
    public Reply eventGap(Duration gap) {
      this.eventGap = Objects.requireNonNull(gap, "gap");
      return this;
    }

    /** Parks the request on the hold until it is released (before any delay). */
    public Reply holdUntil(Hold hold) {
      this.hold = Objects.requireNonNull(hold, "hold");
      return this;
    }

    private Planned plan() {
      if (failure != null && !output.isEmpty()) {
        throw new IllegalStateException("A reply is either an error or output, not both");
      }
      if (failure == null && output.isEmpty()) {
        throw new IllegalStateException(
            "A reply needs output (text, structured, functionCall) or an error");
      }
      return new Planned(
          List.copyOf(output),
          failure,
          usage,
          delay,
          eventGap,
          hold,
          incompleteReason,
          streamBreak,
          Map.copyOf(headers),
          usageShape);
    }
  }

  /**
   * How a stream breaks off (platform.openai.com/docs/api-reference/responses-streaming): an {@code
   * error} event, a {@code response.failed} event with the response's error, the connection dropped
   * mid-body, or the body ended properly with no terminal event at all. The Responses API's
   * streaming docs (platform.openai.com/docs/guides/streaming-responses) end every stream with one
   * terminal event, {@code response.completed}, {@code response.failed} or {@code
   * response.incomplete}: a stream closed without one is a broken stream, whose client has no
   * response to use.
   */
  public enum StreamBreak {
    ERROR_EVENT,
    RESPONSE_FAILED,
    CONNECTION_CUT,
    ENDED_EARLY
  }

  /** The whole usage object, usage without its token details, or no usage at all ({@code null}). */
  public enum UsageShape {
    FULL,
    WITHOUT_DETAILS,
    NONE
  }

  /**
   * A model's script, written fluently: every reply method queues one response. {@link #delay},
   * {@link #holdUntil} and {@link #usage} apply to the next reply queued through this same object
   * only. Not meant to be shared between threads (the fake itself is).
   */
  public final class Script {
    private final String model;
    private Duration nextDelay;
    private Hold nextHold;
    private Usage nextUsage;

    private Script(String model) {
      this.model = Objects.requireNonNull(model, "model");
    }

    public Script delay(Duration delay) {
      nextDelay = delay;
      return this;
    }

    public Script holdUntil(Hold hold) {
      nextHold = hold;
      return this;
    }

    public Script usage(long inputTokens, long outputTokens) {
      return usage(Usage.of(inputTokens, outputTokens));
    }

    public Script usage(Usage usage) {
      nextUsage = usage;
      return this;
    }

    /** Queues a response whose output is one assistant message. */
    public Script text(String text) {
      return reply(r -> r.text(text));
    }

    /** Queues a response whose output is one assistant message holding this JSON. */
    public Script structured(String json) {
      return reply(r -> r.structured(json));
    }

    /** Queues a response whose output is one function call. */
    public Script functionCall(String name, String argumentsJson) {
      return reply(r -> r.functionCall(name, argumentsJson));
    }

    /** Queues an HTTP error; {@code code} is null, as for OpenAI's server errors. */
    public Script error(int status, String type, String message) {
      return error(status, type, null, message);
    }

    /**
     * Queues an HTTP error, e.g. {@code error(429, "requests", "rate_limit_exceeded", "Slow
     * down")}.
     */
    public Script error(int status, String type, String code, String message) {
      return reply(r -> r.error(status, type, code, message));
    }

    /** Queues a response built freely, e.g. text followed by a function call. */
    public Script reply(Consumer<Reply> spec) {
      Planned planned = build(spec);
      synchronized (lock) {
        modelScript().queue.add(planned);
        remember(planned.hold());
      }
      return this;
    }

    /** After the queued replies are used up, answers every further request with this reply. */
    public Script always(Consumer<Reply> spec) {
      Planned planned = build(spec);
      synchronized (lock) {
        modelScript().fallback = planned;
        remember(planned.hold());
      }
      return this;
    }

    /** After the queued replies are used up, answers every further request with this error. */
    public Script alwaysError(int status, String type, String message) {
      return always(r -> r.error(status, type, null, message));
    }

    /** Queued replies not yet served. */
    public int remaining() {
      synchronized (lock) {
        ModelScript script = scripts.get(model);
        return script == null ? 0 : script.queue.size();
      }
    }

    private Planned build(Consumer<Reply> spec) {
      Reply reply = new Reply();
      if (nextUsage != null) {
        reply.usage(nextUsage);
      }
      if (nextDelay != null) {
        reply.delay(nextDelay);
      }
      if (nextHold != null) {
        reply.holdUntil(nextHold);
      }
      nextUsage = null;
      nextDelay = null;
      nextHold = null;
      spec.accept(reply);
      return reply.plan();
    }

    private ModelScript modelScript() {
      return scripts.computeIfAbsent(model, m -> new ModelScript());
    }

    private void remember(Hold hold) {
      if (hold != null) {
        holds.add(hold);
      }
    }
  }

  private static final class ModelScript {
    final Deque<Planned> queue = new ArrayDeque<>();
    Planned fallback;
  }

  private sealed interface OutputItem permits MessageItem, RefusalItem, FunctionCallItem {}

  private record MessageItem(String text) implements OutputItem {}

  private record RefusalItem(String text) implements OutputItem {}

  private record FunctionCallItem(String name, String arguments) implements OutputItem {}

  private record Failure(int status, String type, String code, String message, String param) {
    Failure(int status, String type, String code, String message) {
      this(status, type, code, message, null);
    }
  }

  private record Planned(
      List<OutputItem> output,
      Failure failure,
      Usage usage,
      Duration delay,
      Duration eventGap,
      Hold hold,
      String incompleteReason,
      StreamBreak streamBreak,
      Map<String, String> headers,
      UsageShape usageShape) {}

  /**
   * What the API keeps of an output item it served: the reasoning item before it, its encrypted
   * content.
   */
  private record Produced(
      String type, String reasoningId, String encryptedContent, boolean stored) {}

  private record SentResponse(String model, String json) {}

  // ---------------------------------------------------------------------------------------------
  // Serving

  /**
   * Thrown from the handler to drop the connection mid-response: the server closes it without
   * ending the body.
   */
  private static final class ConnectionCut extends RuntimeException {
    ConnectionCut() {
      super("connection cut by the script", null, false, false);
    }
  }

  private void handle(HttpExchange exchange) {
    boolean cut = false;
    try {
      String rawBody = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      if (!RESPONSES_PATH.equals(exchange.getRequestURI().getPath())
          || !"POST".equals(exchange.getRequestMethod())) {
        record(exchange, rawBody, MissingNode.getInstance(), false, null);
        sendError(
            exchange,
            new Failure(
                404,
                "invalid_request_error",
                "unknown_url",
                "FakeOpenAi serves only POST "
                    + RESPONSES_PATH
                    + ", not "
                    + exchange.getRequestMethod()
                    + " "
                    + exchange.getRequestURI()),
            Map.of());
        return;
      }
      JsonNode body;
      try {
        body = JSON.readTree(rawBody);
      } catch (JsonProcessingException e) {
        record(exchange, rawBody, MissingNode.getInstance(), false, null);
        sendError(
            exchange,
            new Failure(
                400,
                "invalid_request_error",
                null,
                "We could not parse the JSON body of your request."),
            Map.of());
        return;
      }
      String model = body.path("model").asText("");
      Failure refused = requestError(body, model);
      if (refused != null) {
        record(exchange, rawBody, body, true, refused.message());
        sendError(exchange, refused, Map.of());
        return;
      }
      Planned planned = recordAndTakeReply(exchange, rawBody, body, model);
      if (planned == null) {
        sendError(
            exchange,
            new Failure(
                500,
                "fake_script_exhausted",
                null,
                "FakeOpenAi: the script for model '"
                    + model
                    + "' ran out; no reply was scripted for this request"),
            Map.of());
        return;
      }
      if (!waitBeforeAnswering(planned)) {
        return;
      }
      if (planned.failure() != null) {
        sendError(exchange, planned.failure(), planned.headers());
      } else if (body.path("stream").asBoolean(false)) {
        stream(exchange, body, model, planned);
      } else {
        respond(exchange, body, model, planned);
      }
    } catch (ConnectionCut e) {
      cut = true;
      throw e;
    } catch (IOException e) {
      // The client went away (cancelled call, closed stream); nothing left to answer.
    } finally {
      if (!cut) {
        exchange.close();
      }
    }
  }

  /**
   * Records and dequeues in one step, so the n-th recorded request is the one given the n-th reply.
   */
  private Planned recordAndTakeReply(
      HttpExchange exchange, String rawBody, JsonNode body, String model) {
    synchronized (lock) {
      ModelScript script = scripts.get(model);
      Planned planned = script == null ? null : script.queue.poll();
      if (planned == null && script != null) {
        planned = script.fallback;
      }
      record(exchange, rawBody, body, planned != null, null);
      return planned;
    }
  }

  private void record(
      HttpExchange exchange, String rawBody, JsonNode body, boolean scripted, String rejection) {
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
    RecordedRequest request =
        new RecordedRequest(
            exchange.getRequestMethod(),
            exchange.getRequestURI().getPath(),
            Collections.unmodifiableMap(headers),
            rawBody,
            body,
            Instant.now(),
            scripted,
            rejection);
    synchronized (lock) {
      requests.add(request);
      lock.notifyAll();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // What the API refuses before any model sees the request

  private Failure requestError(JsonNode body, String model) {
    // "Unsupported parameter: 'reasoning.effort' is not supported with this model." (400,
    // unsupported_parameter), as OpenAI answers for a model that does not reason (quoted in
    // github.com/Laisky/one-api/issues/120 for gpt-5-chat).
    if (!reasons(model) && body.path("reasoning").path("effort").isTextual()) {
      return new Failure(
          400,
          "invalid_request_error",
          "unsupported_parameter",
          "Unsupported parameter: 'reasoning.effort' is not supported with this model.",
          "reasoning.effort");
    }
    JsonNode previous = body.path("previous_response_id");
    if (previous.isTextual()) {
      synchronized (lock) {
        // 400 previous_response_not_found, as quoted in github.com/maximhq/bifrost/issues/2441;
        // a response made with store: false is never kept, so it is not found either.
        if (!contexts.containsKey(previous.asText())) {
          return new Failure(
              400,
              "invalid_request_error",
              "previous_response_not_found",
              "Previous response with id '" + previous.asText() + "' not found.",
              "previous_response_id");
        }
      }
    }
    JsonNode input = body.path("input");
    return input.isArray() ? inputError(input) : null;
  }

  /** What the model sees: the previous response's context, if any, then this request's input. */
  private List<JsonNode> context(JsonNode request) {
    List<JsonNode> context = new ArrayList<>();
    synchronized (lock) {
      JsonNode previous = request.path("previous_response_id");
      if (previous.isTextual()) {
        context.addAll(contexts.getOrDefault(previous.asText(), List.of()));
      }
    }
    JsonNode input = request.path("input");
    if (input.isTextual()) {
      context.add(
          JSON.createObjectNode()
              .put("type", "message")
              .put("role", "user")
              .put("content", input.asText()));
    } else {
      input.forEach(context::add);
    }
    return context;
  }

  private static final int REASONING_TOKENS = 64;

  /** Input and output tokens by the rules of {@link #estimatingUsage}. */
  private static Usage estimate(JsonNode request, List<JsonNode> context, ArrayNode output) {
    int lastUser = -1;
    for (int i = 0; i < context.size(); i++) {
      if (context.get(i).path("role").asText().equals("user")) {
        lastUser = i;
      }
    }
    long inputChars =
        request.path("instructions").asText("").length()
            + request.path("tools").toString().length();
    long inputTokensOfReasoning = 0;
    for (int i = 0; i < context.size(); i++) {
      JsonNode item = context.get(i);
      if (item.path("type").asText().equals("reasoning")) {
        inputTokensOfReasoning += i > lastUser ? REASONING_TOKENS : 0;
      } else {
        inputChars += textOf(item).length();
      }
    }
    long outputChars = 0;
    long reasoning = 0;
    for (JsonNode item : output) {
      if (item.path("type").asText().equals("reasoning")) {
        reasoning += REASONING_TOKENS;
      } else {
        outputChars += textOf(item).length();
      }
    }
    return new Usage(
        (inputChars + 3) / 4 + inputTokensOfReasoning,
        0,
        (outputChars + 3) / 4 + reasoning,
        reasoning);
  }

  private static String textOf(JsonNode item) {
    List<String> texts = new ArrayList<>();
    RecordedRequest.collectTexts(item, texts);
    return String.join("\n", texts) + item.path("arguments").asText("");
  }

  /**
   * The Responses API's checks of input items against what it served, with its own messages, as its
   * users quote them: "Item 'rs_…' of type 'reasoning' was provided without its required following
   * item." (github.com/continuedev/continue/issues/8933), "Item 'msg_…' of type 'message' was
   * provided without its required 'reasoning' item: 'rs_…'." (continuedev/continue#12620), 404
   * "Item with id 'rs_…' not found. Items are not persisted when `store` is set to false. …"
   * (github.com/can1357/oh-my-pi/issues/41), and 400 invalid_encrypted_content "The encrypted
   * content for item rs_… could not be verified. …" (github.com/openai/codex/issues/17541,
   * openclaw/openclaw#70654). All are invalid_request_error; all but the last name param "input".
   */
  private Failure inputError(JsonNode input) {
    synchronized (lock) {
      for (int i = 0; i < input.size(); i++) {
        JsonNode item = input.get(i);
        String type = item.path("type").asText("message");
        String id = item.path("id").isTextual() ? item.get("id").asText() : null;
        Produced known = id == null ? null : produced.get(id);
        if (type.equals("reasoning")) {
          JsonNode encrypted = item.path("encrypted_content");
          if (encrypted.isTextual()) {
            if (known == null || !encrypted.asText().equals(known.encryptedContent())) {
              return new Failure(
                  400,
                  "invalid_request_error",
                  "invalid_encrypted_content",
                  "The encrypted content for item "
                      + id
                      + " could not be verified. Reason: Encrypted content item_id did not match the target item id.",
                  null);
            }
          } else if (known == null || !known.stored()) {
            return notPersisted(id);
          }
          JsonNode next = i + 1 < input.size() ? input.get(i + 1) : null;
          if (next == null
              || !isOutputItem(next)
              || next.path("type").asText().equals("reasoning")) {
            return new Failure(
                400,
                "invalid_request_error",
                null,
                "Item '"
                    + id
                    + "' of type 'reasoning' was provided without its required following item.",
                "input");
          }
        } else if (type.equals("item_reference")) {
          if (known != null && !known.stored()) {
            return notPersisted(id);
          }
        } else if (isOutputItem(item)
            && known != null
            && known.reasoningId() != null
            && !precededBy(input, i, known.reasoningId())) {
          return new Failure(
              400,
              "invalid_request_error",
              null,
              "Item '"
                  + id
                  + "' of type '"
                  + type
                  + "' was provided without its required 'reasoning' item: '"
                  + known.reasoningId()
                  + "'.",
              "input");
        }
      }
      return null;
    }
  }

  private static Failure notPersisted(String id) {
    return new Failure(
        404,
        "invalid_request_error",
        null,
        "Item with id '"
            + id
            + "' not found. Items are not persisted when `store` is"
            + " set to false. Try again with `store` set to true, or remove this item from your input.",
        "input");
  }

  /** An item of a response's output: reasoning, a function call, or an assistant message. */
  private static boolean isOutputItem(JsonNode item) {
    String type = item.path("type").asText("message");
    return type.equals("reasoning")
        || type.equals("function_call")
        || (type.equals("message") && item.path("role").asText().equals("assistant"));
  }

  /** Whether the reasoning item is among the output items that come right before item i. */
  private static boolean precededBy(JsonNode input, int i, String reasoningId) {
    for (int j = i - 1; j >= 0 && isOutputItem(input.get(j)); j--) {
      if (reasoningId.equals(input.get(j).path("id").asText(null))) {
        return true;
      }
    }
    return false;
  }

  /** Returns false when interrupted, i.e. the fake is closing and the request should be dropped. */
  private static boolean waitBeforeAnswering(Planned planned) {
    try {
      if (planned.hold() != null) {
        planned.hold().park();
      }
      if (!planned.delay().isZero()) {
        Thread.sleep(planned.delay().toMillis());
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void respond(HttpExchange exchange, JsonNode request, String model, Planned planned)
      throws IOException {
    ObjectNode response = response(request, model, planned);
    String json =
        planned.incompleteReason() == null
            ? rememberSent(model, response)
            : JSON.writeValueAsString(response);
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    planned.headers().forEach(exchange.getResponseHeaders()::set);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.getResponseHeaders().set("x-request-id", newId("req_"));
    exchange.sendResponseHeaders(200, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private void stream(HttpExchange exchange, JsonNode request, String model, Planned planned)
      throws IOException {
    ObjectNode finished = response(request, model, planned);
    boolean completes = planned.incompleteReason() == null && planned.streamBreak() == null;
    String finishedJson =
        completes ? rememberSent(model, finished) : JSON.writeValueAsString(finished);

    planned.headers().forEach(exchange.getResponseHeaders()::set);
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-cache");
    exchange.getResponseHeaders().set("x-request-id", newId("req_"));
    exchange.sendResponseHeaders(200, 0);
    EventWriter events = new EventWriter(exchange.getResponseBody(), planned.eventGap());

    // The opening events carry the same response, not yet done: no output, no usage.
    ObjectNode inProgress = finished.deepCopy();
    inProgress.put("status", "in_progress");
    inProgress.putNull("completed_at");
    inProgress.putNull("incomplete_details");
    inProgress.set("output", JSON.createArrayNode());
    inProgress.putNull("usage");
    events.send("response.created", e -> e.set("response", inProgress));
    events.send("response.in_progress", e -> e.set("response", inProgress));

    JsonNode output = finished.get("output");
    for (int index = 0; index < output.size(); index++) {
      JsonNode item = output.get(index);
      boolean breakHere =
          planned.streamBreak() != null && !item.get("type").asText().equals("reasoning");
      String type = item.get("type").asText();
      if (type.equals("message")) {
        streamMessage(events, index, item, breakHere);
      } else if (type.equals("function_call")) {
        streamFunctionCall(events, index, item, breakHere);
      } else {
        streamReasoning(events, index, item);
      }
      if (breakHere) {
        breakOff(events, planned.streamBreak(), inProgress);
        return;
      }
    }
    events.sendRaw(
        planned.incompleteReason() == null ? "response.completed" : "response.incomplete",
        finishedJson);
  }

  /**
   * After half an item's deltas: an error event, response.failed, a dropped connection, or a clean
   * end of the body.
   */
  private static void breakOff(EventWriter events, StreamBreak how, ObjectNode inProgress)
      throws IOException {
    switch (how) {
      case ERROR_EVENT ->
          events.send(
              "error",
              e ->
                  e.put("code", "server_error")
                      .put(
                          "message",
                          "The server had an error while processing your request. Sorry about that!")
                      .putNull("param"));
      case RESPONSE_FAILED -> {
        ObjectNode failed = inProgress.deepCopy();
        failed.put("status", "failed");
        failed
            .putObject("error")
            .put("code", "server_error")
            .put("message", "The server had an error while processing your request.");
        events.send("response.failed", e -> e.set("response", failed));
      }
      case CONNECTION_CUT -> throw new ConnectionCut();
      case ENDED_EARLY -> {
        // Nothing more: the handler closes the exchange, which ends the chunked body properly.
      }
    }
  }

  private static void streamReasoning(EventWriter events, int outputIndex, JsonNode reasoning)
      throws IOException {
    ObjectNode added = JSON.createObjectNode();
    added.put("id", reasoning.get("id").asText());
    added.put("type", "reasoning");
    added.putArray("summary");
    events.send(
        "response.output_item.added", e -> e.put("output_index", outputIndex).set("item", added));
    events.send(
        "response.output_item.done",
        e -> e.put("output_index", outputIndex).set("item", reasoning));
  }

  private static void streamMessage(
      EventWriter events, int outputIndex, JsonNode message, boolean breakHalfWay)
      throws IOException {
    String itemId = message.get("id").asText();
    JsonNode part = message.get("content").get(0);
    boolean refusal = part.get("type").asText().equals("refusal");
    String text = part.get(refusal ? "refusal" : "text").asText();
    String kind = refusal ? "refusal" : "output_text";
    ObjectNode emptyPart =
        refusal
            ? JSON.createObjectNode().put("type", "refusal").put("refusal", "")
            : outputTextPart("");

    ObjectNode added = (ObjectNode) message.deepCopy();
    added.put("status", "in_progress");
    added.set("content", JSON.createArrayNode());
    events.send(
        "response.output_item.added", e -> e.put("output_index", outputIndex).set("item", added));
    events.send(
        "response.content_part.added",
        e ->
            e.put("item_id", itemId)
                .put("output_index", outputIndex)
                .put("content_index", 0)
                .set("part", emptyPart));
    List<String> deltas = chunks(text);
    for (int i = 0; i < deltas.size(); i++) {
      if (breakHalfWay && i >= Math.max(1, deltas.size() / 2)) {
        return;
      }
      String delta = deltas.get(i);
      events.send(
          "response." + kind + ".delta",
          e -> {
            e.put("item_id", itemId)
                .put("output_index", outputIndex)
                .put("content_index", 0)
                .put("delta", delta);
            if (!refusal) {
              e.set("logprobs", JSON.createArrayNode());
            }
          });
    }
    if (breakHalfWay) {
      return;
    }
    events.send(
        "response." + kind + ".done",
        e -> {
          e.put("item_id", itemId)
              .put("output_index", outputIndex)
              .put("content_index", 0)
              .put(refusal ? "refusal" : "text", text);
          if (!refusal) {
            e.set("logprobs", JSON.createArrayNode());
          }
        });
    events.send(
        "response.content_part.done",
        e ->
            e.put("item_id", itemId)
                .put("output_index", outputIndex)
                .put("content_index", 0)
                .set("part", part));
    events.send(
        "response.output_item.done", e -> e.put("output_index", outputIndex).set("item", message));
  }

  private static void streamFunctionCall(
      EventWriter events, int outputIndex, JsonNode call, boolean breakHalfWay) throws IOException {
    String itemId = call.get("id").asText();
    String arguments = call.get("arguments").asText();

    ObjectNode added = (ObjectNode) call.deepCopy();
    added.put("status", "in_progress");
    added.put("arguments", "");
    events.send(
        "response.output_item.added", e -> e.put("output_index", outputIndex).set("item", added));
    List<String> deltas = chunks(arguments);
    for (int i = 0; i < deltas.size(); i++) {
      if (breakHalfWay && i >= Math.max(1, deltas.size() / 2)) {
        return;
      }
      String delta = deltas.get(i);
      events.send(
          "response.function_call_arguments.delta",
          e -> e.put("item_id", itemId).put("output_index", outputIndex).put("delta", delta));
    }
    if (breakHalfWay) {
      return;
    }
    events.send(
        "response.function_call_arguments.done",
        e -> e.put("item_id", itemId).put("output_index", outputIndex).put("arguments", arguments));
    events.send(
        "response.output_item.done", e -> e.put("output_index", outputIndex).set("item", call));
  }

  /**
   * Writes SSE events with the increasing sequence_number the API gives every event of a stream.
   */
  private static final class EventWriter {
    private final OutputStream out;
    private final Duration gap;
    private int sequence;

    EventWriter(OutputStream out, Duration gap) {
      this.out = out;
      this.gap = gap;
    }

    void send(String type, Consumer<ObjectNode> fields) throws IOException {
      ObjectNode event = JSON.createObjectNode();
      event.put("type", type);
      fields.accept(event);
      event.put("sequence_number", sequence++);
      write(type, JSON.writeValueAsString(event));
    }

    /**
     * Splices the already serialized response in verbatim, so the bytes a client receives are
     * exactly those {@link #responsesSent} reports.
     */
    void sendRaw(String type, String responseJson) throws IOException {
      write(
          type,
          "{\"type\":\""
              + type
              + "\",\"response\":"
              + responseJson
              + ",\"sequence_number\":"
              + sequence++
              + "}");
    }

    private void write(String type, String data) throws IOException {
      out.write(("event: " + type + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      if (!gap.isZero()) {
        try {
          Thread.sleep(gap.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("Fake OpenAI closing", e);
        }
      }
    }
  }

  private String rememberSent(String model, ObjectNode response) throws JsonProcessingException {
    String json = JSON.writeValueAsString(response);
    synchronized (lock) {
      responsesSent.add(new SentResponse(model, json));
    }
    return json;
  }

  private static void sendError(HttpExchange exchange, Failure failure, Map<String, String> headers)
      throws IOException {
    ObjectNode error = JSON.createObjectNode();
    error.put("message", failure.message());
    error.put("type", failure.type());
    error.put("param", failure.param());
    error.put("code", failure.code());
    ObjectNode body = JSON.createObjectNode();
    body.set("error", error);
    byte[] bytes = JSON.writeValueAsBytes(body);
    headers.forEach(exchange.getResponseHeaders()::set);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.getResponseHeaders().set("x-request-id", newId("req_"));
    exchange.sendResponseHeaders(failure.status(), bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  // ---------------------------------------------------------------------------------------------
  // Response objects

  /**
   * The finished Response: completed, or incomplete when the script says so. Request settings are
   * echoed the way the API echoes them, with the API's defaults where the request left them out;
   * the SDK's Response.validate() requires tools, tool_choice, parallel_tool_calls and friends to
   * be present. Its output items are remembered, as the API remembers them, to check later input.
   */
  private ObjectNode response(JsonNode request, String model, Planned planned) {
    long now = Instant.now().getEpochSecond();
    ObjectNode response = JSON.createObjectNode();
    response.put("id", newId("resp_"));
    response.put("object", "response");
    response.put("created_at", now);
    response.put("status", planned.incompleteReason() == null ? "completed" : "incomplete");
    response.put("background", false);
    if (planned.incompleteReason() == null) {
      response.put("completed_at", now);
      response.putNull("incomplete_details");
    } else {
      response.putNull("completed_at");
      response.putObject("incomplete_details").put("reason", planned.incompleteReason());
    }
    response.putNull("error");
    response.set("instructions", echo(request, "instructions", JSON.nullNode()));
    response.set("max_output_tokens", echo(request, "max_output_tokens", JSON.nullNode()));
    response.set("max_tool_calls", echo(request, "max_tool_calls", JSON.nullNode()));
    response.put("model", model);
    ArrayNode output = response.putArray("output");
    if (reasons(model)) {
      output.add(reasoningItem(includes(request, "reasoning.encrypted_content")));
    }
    for (OutputItem item : planned.output()) {
      if (item instanceof MessageItem message) {
        output.add(messageItem(outputTextPart(message.text())));
      } else if (item instanceof RefusalItem refusal) {
        output.add(
            messageItem(
                JSON.createObjectNode().put("type", "refusal").put("refusal", refusal.text())));
      } else {
        output.add(
            functionCallItem(
                ((FunctionCallItem) item).name(), ((FunctionCallItem) item).arguments()));
      }
    }
    if (planned.incompleteReason() != null) {
      cutOff((ObjectNode) output.get(output.size() - 1));
    }
    boolean stored = request.path("store").asBoolean(true);
    remember(output, stored);
    List<JsonNode> context = context(request);
    Usage usage = planned.usage();
    synchronized (lock) {
      if (estimatingUsage && usage == DEFAULT_USAGE) {
        usage = estimate(request, context, output);
      }
      if (stored) {
        List<JsonNode> kept = new ArrayList<>(context);
        output.forEach(kept::add);
        contexts.put(response.get("id").asText(), kept);
      }
    }
    response.set(
        "parallel_tool_calls",
        echo(request, "parallel_tool_calls", JSON.getNodeFactory().booleanNode(true)));
    response.set("previous_response_id", echo(request, "previous_response_id", JSON.nullNode()));
    response.set("prompt_cache_key", echo(request, "prompt_cache_key", JSON.nullNode()));
    ObjectNode noReasoning = JSON.createObjectNode().putNull("effort").putNull("summary");
    response.set("reasoning", echo(request, "reasoning", noReasoning));
    response.set("safety_identifier", echo(request, "safety_identifier", JSON.nullNode()));
    response.put("service_tier", "default");
    response.set("store", echo(request, "store", JSON.getNodeFactory().booleanNode(true)));
    response.set(
        "temperature", echo(request, "temperature", JSON.getNodeFactory().numberNode(1.0)));
    ObjectNode plainText = JSON.createObjectNode();
    plainText.putObject("format").put("type", "text");
    plainText.put("verbosity", "medium");
    response.set("text", echo(request, "text", plainText));
    response.set(
        "tool_choice", echo(request, "tool_choice", JSON.getNodeFactory().textNode("auto")));
    response.set("tools", echo(request, "tools", JSON.createArrayNode()));
    response.put("top_logprobs", 0);
    response.set("top_p", echo(request, "top_p", JSON.getNodeFactory().numberNode(1.0)));
    response.set(
        "truncation", echo(request, "truncation", JSON.getNodeFactory().textNode("disabled")));
    response.set("usage", usage(usage, planned.usageShape()));
    response.putNull("user");
    response.set("metadata", echo(request, "metadata", JSON.createObjectNode()));
    return response;
  }

  private static JsonNode echo(JsonNode request, String field, JsonNode fallback) {
    JsonNode value = request.get(field);
    return value == null || value.isNull() ? fallback : value.deepCopy();
  }

  private static boolean includes(JsonNode request, String value) {
    for (JsonNode included : request.path("include")) {
      if (value.equals(included.asText())) {
        return true;
      }
    }
    return false;
  }

  /** A reasoning item: no summary (none asked for), encrypted content when asked for. */
  private static ObjectNode reasoningItem(boolean withEncryptedContent) {
    ObjectNode reasoning = JSON.createObjectNode();
    reasoning.put("id", newId("rs_"));
    reasoning.put("type", "reasoning");
    reasoning.putArray("summary");
    if (withEncryptedContent) {
      byte[] sealed = new byte[96];
      java.util.concurrent.ThreadLocalRandom.current().nextBytes(sealed);
      reasoning.put(
          "encrypted_content", "gAAAAAB" + java.util.Base64.getEncoder().encodeToString(sealed));
    }
    return reasoning;
  }

  /**
   * The item the model was writing when it stopped: half its text or arguments, marked incomplete.
   */
  private static void cutOff(ObjectNode item) {
    item.put("status", "incomplete");
    if (item.path("type").asText().equals("function_call")) {
      String arguments = item.get("arguments").asText();
      item.put("arguments", arguments.substring(0, arguments.length() / 2));
    } else if (item.path("type").asText().equals("message")) {
      ObjectNode part = (ObjectNode) item.get("content").get(0);
      String field = part.has("refusal") ? "refusal" : "text";
      String text = part.get(field).asText();
      part.put(field, text.substring(0, text.length() / 2));
    }
  }

  private void remember(ArrayNode output, boolean stored) {
    synchronized (lock) {
      String reasoningId = null;
      for (int i = 0; i < output.size(); i++) {
        JsonNode item = output.get(i);
        String id = item.get("id").asText();
        String type = item.get("type").asText();
        if (type.equals("reasoning")) {
          reasoningId = id;
          produced.put(
              id, new Produced(type, null, item.path("encrypted_content").asText(null), stored));
        } else {
          produced.put(id, new Produced(type, reasoningId, null, stored));
        }
      }
    }
  }

  private static ObjectNode messageItem(ObjectNode contentPart) {
    ObjectNode message = JSON.createObjectNode();
    message.put("id", newId("msg_"));
    message.put("type", "message");
    message.put("status", "completed");
    message.putArray("content").add(contentPart);
    message.put("role", "assistant");
    return message;
  }

  private static ObjectNode outputTextPart(String text) {
    ObjectNode part = JSON.createObjectNode();
    part.put("type", "output_text");
    part.putArray("annotations");
    part.putArray("logprobs");
    part.put("text", text);
    return part;
  }

  private static ObjectNode functionCallItem(String name, String arguments) {
    ObjectNode call = JSON.createObjectNode();
    call.put("id", newId("fc_"));
    call.put("type", "function_call");
    call.put("status", "completed");
    call.put("arguments", arguments);
    call.put("call_id", newId("call_"));
    call.put("name", name);
    return call;
  }

  private static JsonNode usage(Usage usage, UsageShape shape) {
    if (shape == UsageShape.NONE) {
      return JSON.nullNode();
    }
    ObjectNode node = JSON.createObjectNode();
    node.put("input_tokens", usage.inputTokens());
    if (shape == UsageShape.FULL) {
      node.putObject("input_tokens_details")
          .put("cached_tokens", usage.cachedTokens())
          .put("cache_write_tokens", 0);
    }
    node.put("output_tokens", usage.outputTokens());
    if (shape == UsageShape.FULL) {
      node.putObject("output_tokens_details").put("reasoning_tokens", usage.reasoningTokens());
    }
    node.put("total_tokens", usage.totalTokens());
    return node;
  }

  private static String newId(String prefix) {
    return prefix + UUID.randomUUID().toString().replace("-", "");
  }

  /** Splits text into up to STREAM_CHUNKS pieces without cutting a surrogate pair. */
  private static List<String> chunks(String text) {
    int codePoints = text.codePointCount(0, text.length());
    if (codePoints == 0) {
      return List.of();
    }
    int perChunk = Math.max(1, (codePoints + STREAM_CHUNKS - 1) / STREAM_CHUNKS);
    List<String> chunks = new ArrayList<>();
    int start = 0;
    while (start < text.length()) {
      int end =
          text.offsetByCodePoints(
              start, Math.min(perChunk, text.codePointCount(start, text.length())));
      chunks.add(text.substring(start, end));
      start = end;
    }
    return chunks;
  }
}
