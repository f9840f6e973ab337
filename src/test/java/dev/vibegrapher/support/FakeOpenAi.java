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
 * Each call on a {@link Script} queues one whole response; queued responses are served in order.
 * A model with nothing left answers 500 with a message saying the script ran out, so a test that
 * under-scripts fails loudly instead of hanging.
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
    ExecutorService executor = Executors.newCachedThreadPool(task -> {
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

  /** The URL to give the SDK as its base URL; it ends in /v1 because the SDK appends "responses". */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
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
        List<RecordedRequest> matching = requests.stream().filter(r -> model.equals(r.model())).toList();
        if (matching.size() >= count) {
          return matching;
        }
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          throw new AssertionError("Expected " + count + " request(s) for model '" + model + "' within " + timeout
              + " but got " + matching.size() + "; all models seen: " + requests.stream().map(RecordedRequest::model).toList());
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
      return responsesSent.stream().filter(r -> r.model().equals(model)).map(SentResponse::json).toList();
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
  public record Usage(long inputTokens, long cachedTokens, long outputTokens, long reasoningTokens) {
    public static Usage of(long inputTokens, long outputTokens) {
      return new Usage(inputTokens, 0, outputTokens, 0);
    }

    public long totalTokens() {
      return inputTokens + outputTokens;
    }
  }

  /** One request as it arrived; {@code scripted} is false when the model's script had run out. */
  public record RecordedRequest(String method, String path, Map<String, List<String>> headers, String rawBody, JsonNode body,
      Instant receivedAt, boolean scripted) {

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

    private static void collectTexts(JsonNode node, List<String> texts) {
      if (node.isArray()) {
        node.forEach(element -> collectTexts(element, texts));
      } else if (node.isObject()) {
        node.properties().forEach(field -> {
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
          throw new AssertionError("Expected " + count + " request(s) held within " + timeout + " but " + parked + " are");
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
    private Failure failure;
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

    /** A function_call item; arguments are sent as given, valid JSON or not. */
    public Reply functionCall(String name, String argumentsJson) {
      output.add(new FunctionCallItem(Objects.requireNonNull(name, "name"), Objects.requireNonNull(argumentsJson, "arguments")));
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
        throw new IllegalStateException("A reply needs output (text, structured, functionCall) or an error");
      }
      return new Planned(List.copyOf(output), failure, usage, delay, eventGap, hold);
    }
  }

  /**
   * A model's script, written fluently: every reply method queues one response.
   * {@link #delay}, {@link #holdUntil} and {@link #usage} apply to the next reply queued through
   * this same object only. Not meant to be shared between threads (the fake itself is).
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

    /** Queues an HTTP error, e.g. {@code error(429, "requests", "rate_limit_exceeded", "Slow down")}. */
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

  private sealed interface OutputItem permits MessageItem, FunctionCallItem {}

  private record MessageItem(String text) implements OutputItem {}

  private record FunctionCallItem(String name, String arguments) implements OutputItem {}

  private record Failure(int status, String type, String code, String message) {}

  private record Planned(List<OutputItem> output, Failure failure, Usage usage, Duration delay, Duration eventGap, Hold hold) {}

  private record SentResponse(String model, String json) {}

  // ---------------------------------------------------------------------------------------------
  // Serving

  private void handle(HttpExchange exchange) {
    try {
      String rawBody = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      if (!RESPONSES_PATH.equals(exchange.getRequestURI().getPath()) || !"POST".equals(exchange.getRequestMethod())) {
        record(exchange, rawBody, MissingNode.getInstance(), false);
        sendError(exchange, new Failure(404, "invalid_request_error", "unknown_url",
            "FakeOpenAi serves only POST " + RESPONSES_PATH + ", not " + exchange.getRequestMethod() + " " + exchange.getRequestURI()));
        return;
      }
      JsonNode body;
      try {
        body = JSON.readTree(rawBody);
      } catch (JsonProcessingException e) {
        record(exchange, rawBody, MissingNode.getInstance(), false);
        sendError(exchange, new Failure(400, "invalid_request_error", null, "We could not parse the JSON body of your request."));
        return;
      }
      String model = body.path("model").asText("");
      Planned planned = recordAndTakeReply(exchange, rawBody, body, model);
      if (planned == null) {
        sendError(exchange, new Failure(500, "fake_script_exhausted", null,
            "FakeOpenAi: the script for model '" + model + "' ran out; no reply was scripted for this request"));
        return;
      }
      if (!waitBeforeAnswering(planned)) {
        return;
      }
      if (planned.failure() != null) {
        sendError(exchange, planned.failure());
      } else if (body.path("stream").asBoolean(false)) {
        stream(exchange, body, model, planned);
      } else {
        respond(exchange, body, model, planned);
      }
    } catch (IOException e) {
      // The client went away (cancelled call, closed stream); nothing left to answer.
    } finally {
      exchange.close();
    }
  }

  /** Records and dequeues in one step, so the n-th recorded request is the one given the n-th reply. */
  private Planned recordAndTakeReply(HttpExchange exchange, String rawBody, JsonNode body, String model) {
    synchronized (lock) {
      ModelScript script = scripts.get(model);
      Planned planned = script == null ? null : script.queue.poll();
      if (planned == null && script != null) {
        planned = script.fallback;
      }
      record(exchange, rawBody, body, planned != null);
      return planned;
    }
  }

  private void record(HttpExchange exchange, String rawBody, JsonNode body, boolean scripted) {
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
    RecordedRequest request = new RecordedRequest(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
        Collections.unmodifiableMap(headers), rawBody, body, Instant.now(), scripted);
    synchronized (lock) {
      requests.add(request);
      lock.notifyAll();
    }
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

  private void respond(HttpExchange exchange, JsonNode request, String model, Planned planned) throws IOException {
    ObjectNode response = completedResponse(request, model, planned);
    String json = rememberSent(model, response);
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.getResponseHeaders().set("x-request-id", newId("req_"));
    exchange.sendResponseHeaders(200, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private void stream(HttpExchange exchange, JsonNode request, String model, Planned planned) throws IOException {
    ObjectNode completed = completedResponse(request, model, planned);
    String completedJson = rememberSent(model, completed);

    exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-cache");
    exchange.getResponseHeaders().set("x-request-id", newId("req_"));
    exchange.sendResponseHeaders(200, 0);
    EventWriter events = new EventWriter(exchange.getResponseBody(), planned.eventGap());

    // The opening events carry the same response, not yet done: no output, no usage.
    ObjectNode inProgress = completed.deepCopy();
    inProgress.put("status", "in_progress");
    inProgress.putNull("completed_at");
    inProgress.set("output", JSON.createArrayNode());
    inProgress.putNull("usage");
    events.send("response.created", e -> e.set("response", inProgress));
    events.send("response.in_progress", e -> e.set("response", inProgress));

    JsonNode output = completed.get("output");
    for (int index = 0; index < output.size(); index++) {
      JsonNode item = output.get(index);
      if ("message".equals(item.get("type").asText())) {
        streamMessage(events, index, item);
      } else {
        streamFunctionCall(events, index, item);
      }
    }
    events.sendRaw("response.completed", completedJson);
  }

  private static void streamMessage(EventWriter events, int outputIndex, JsonNode message) throws IOException {
    String itemId = message.get("id").asText();
    String text = message.get("content").get(0).get("text").asText();

    ObjectNode added = (ObjectNode) message.deepCopy();
    added.put("status", "in_progress");
    added.set("content", JSON.createArrayNode());
    events.send("response.output_item.added", e -> e.put("output_index", outputIndex).set("item", added));
    events.send("response.content_part.added", e -> e.put("item_id", itemId).put("output_index", outputIndex)
        .put("content_index", 0).set("part", outputTextPart("")));
    for (String delta : chunks(text)) {
      events.send("response.output_text.delta", e -> e.put("item_id", itemId).put("output_index", outputIndex)
          .put("content_index", 0).put("delta", delta).set("logprobs", JSON.createArrayNode()));
    }
    events.send("response.output_text.done", e -> e.put("item_id", itemId).put("output_index", outputIndex)
        .put("content_index", 0).put("text", text).set("logprobs", JSON.createArrayNode()));
    events.send("response.content_part.done", e -> e.put("item_id", itemId).put("output_index", outputIndex)
        .put("content_index", 0).set("part", outputTextPart(text)));
    events.send("response.output_item.done", e -> e.put("output_index", outputIndex).set("item", message));
  }

  private static void streamFunctionCall(EventWriter events, int outputIndex, JsonNode call) throws IOException {
    String itemId = call.get("id").asText();
    String arguments = call.get("arguments").asText();

    ObjectNode added = (ObjectNode) call.deepCopy();
    added.put("status", "in_progress");
    added.put("arguments", "");
    events.send("response.output_item.added", e -> e.put("output_index", outputIndex).set("item", added));
    for (String delta : chunks(arguments)) {
      events.send("response.function_call_arguments.delta", e -> e.put("item_id", itemId).put("output_index", outputIndex)
          .put("delta", delta));
    }
    events.send("response.function_call_arguments.done", e -> e.put("item_id", itemId).put("output_index", outputIndex)
        .put("arguments", arguments));
    events.send("response.output_item.done", e -> e.put("output_index", outputIndex).set("item", call));
  }

  /** Writes SSE events with the increasing sequence_number the API gives every event of a stream. */
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
      write(type, "{\"type\":\"" + type + "\",\"response\":" + responseJson + ",\"sequence_number\":" + sequence++ + "}");
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

  private static void sendError(HttpExchange exchange, Failure failure) throws IOException {
    ObjectNode error = JSON.createObjectNode();
    error.put("message", failure.message());
    error.put("type", failure.type());
    error.putNull("param");
    error.put("code", failure.code());
    ObjectNode body = JSON.createObjectNode();
    body.set("error", error);
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.getResponseHeaders().set("x-request-id", newId("req_"));
    exchange.sendResponseHeaders(failure.status(), bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  // ---------------------------------------------------------------------------------------------
  // Response objects

  /**
   * A completed Response. Request settings are echoed the way the API echoes them, with the API's
   * defaults where the request left them out; the SDK's Response.validate() requires tools,
   * tool_choice, parallel_tool_calls and friends to be present.
   */
  private static ObjectNode completedResponse(JsonNode request, String model, Planned planned) {
    long now = Instant.now().getEpochSecond();
    ObjectNode response = JSON.createObjectNode();
    response.put("id", newId("resp_"));
    response.put("object", "response");
    response.put("created_at", now);
    response.put("status", "completed");
    response.put("background", false);
    response.put("completed_at", now);
    response.putNull("error");
    response.putNull("incomplete_details");
    response.set("instructions", echo(request, "instructions", JSON.nullNode()));
    response.set("max_output_tokens", echo(request, "max_output_tokens", JSON.nullNode()));
    response.set("max_tool_calls", echo(request, "max_tool_calls", JSON.nullNode()));
    response.put("model", model);
    ArrayNode output = response.putArray("output");
    for (OutputItem item : planned.output()) {
      output.add(item instanceof MessageItem message
          ? messageItem(message.text())
          : functionCallItem(((FunctionCallItem) item).name(), ((FunctionCallItem) item).arguments()));
    }
    response.set("parallel_tool_calls", echo(request, "parallel_tool_calls", JSON.getNodeFactory().booleanNode(true)));
    response.set("previous_response_id", echo(request, "previous_response_id", JSON.nullNode()));
    response.set("prompt_cache_key", echo(request, "prompt_cache_key", JSON.nullNode()));
    ObjectNode noReasoning = JSON.createObjectNode().putNull("effort").putNull("summary");
    response.set("reasoning", echo(request, "reasoning", noReasoning));
    response.set("safety_identifier", echo(request, "safety_identifier", JSON.nullNode()));
    response.put("service_tier", "default");
    response.set("store", echo(request, "store", JSON.getNodeFactory().booleanNode(true)));
    response.set("temperature", echo(request, "temperature", JSON.getNodeFactory().numberNode(1.0)));
    ObjectNode plainText = JSON.createObjectNode();
    plainText.putObject("format").put("type", "text");
    plainText.put("verbosity", "medium");
    response.set("text", echo(request, "text", plainText));
    response.set("tool_choice", echo(request, "tool_choice", JSON.getNodeFactory().textNode("auto")));
    response.set("tools", echo(request, "tools", JSON.createArrayNode()));
    response.put("top_logprobs", 0);
    response.set("top_p", echo(request, "top_p", JSON.getNodeFactory().numberNode(1.0)));
    response.set("truncation", echo(request, "truncation", JSON.getNodeFactory().textNode("disabled")));
    response.set("usage", usage(planned.usage()));
    response.putNull("user");
    response.set("metadata", echo(request, "metadata", JSON.createObjectNode()));
    return response;
  }

  private static JsonNode echo(JsonNode request, String field, JsonNode fallback) {
    JsonNode value = request.get(field);
    return value == null || value.isNull() ? fallback : value.deepCopy();
  }

  private static ObjectNode messageItem(String text) {
    ObjectNode message = JSON.createObjectNode();
    message.put("id", newId("msg_"));
    message.put("type", "message");
    message.put("status", "completed");
    message.putArray("content").add(outputTextPart(text));
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

  private static ObjectNode usage(Usage usage) {
    ObjectNode node = JSON.createObjectNode();
    node.put("input_tokens", usage.inputTokens());
    node.putObject("input_tokens_details").put("cached_tokens", usage.cachedTokens()).put("cache_write_tokens", 0);
    node.put("output_tokens", usage.outputTokens());
    node.putObject("output_tokens_details").put("reasoning_tokens", usage.reasoningTokens());
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
      int end = text.offsetByCodePoints(start, Math.min(perChunk, text.codePointCount(start, text.length())));
      chunks.add(text.substring(start, end));
      start = end;
    }
    return chunks;
  }
}
