package dev.vibegrapher.bench;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.ObjectMappers;
import com.openai.models.Reasoning;
import com.openai.models.ReasoningEffort;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import dev.vibegrapher.agent.openai.Items;
import dev.vibegrapher.agent.openai.ResponsesApi;
import dev.vibegrapher.support.FakeOpenAi;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Input tokens and request bytes per turn of a ten-turn coder session, two ways: as the product
 * keeps memory (store: false, every item sent each turn, reasoning items with their encrypted
 * content), and with the provider's state (store: true, previous_response_id, only the new items
 * sent). Against the fake OpenAI server estimating usage by the API's billing rules (see
 * FakeOpenAi#estimatingUsage): a figure of the protocol, not of a model. Run with
 * bench/memory-tokens.sh.
 */
public final class MemoryTokens {

  private static final String MODEL = "gpt-5-mini";
  private static final int TURNS = 10;
  private static final String INSTRUCTIONS =
      "You are a careful engineer. Answer briefly, or submit a unified diff with submit_patch.";
  private static final String TOOL =
      "{\"type\":\"function\",\"name\":\"submit_patch\",\"strict\":true,\"parameters\":{\"type\":\"object\","
          + "\"properties\":{\"patch\":{\"type\":\"string\"},\"description\":{\"type\":\"string\"}},\"required\":[\"patch\",\"description\"],"
          + "\"additionalProperties\":false}}";

  private MemoryTokens() {}

  public static void main(String[] args) {
    String code = "def route(ticket):\n    return 'general'\n".repeat(20);
    String answer =
        "The router sends every ticket to the general queue; urgent ones are not told apart. "
            .repeat(4);
    String patch =
        "@@ -1,2 +1,4 @@\n def route(ticket):\n+    if ticket.urgent:\n+        return 'urgent'\n     return 'general'\n"
            .repeat(4);
    try (FakeOpenAi fake = FakeOpenAi.start().estimatingUsage()) {
      fake.reset();
      script(fake, answer, patch);
      List<long[]> stateless = statelessSession(fake, code);
      fake.reset();
      script(fake, answer, patch);
      List<long[]> chained = chainedSession(fake, code);

      System.out.println(
          "| turn | store: false, all items: request bytes | input tokens | previous_response_id: request bytes | input tokens |");
      System.out.println("|---|---|---|---|---|");
      long[] totals = new long[4];
      for (int turn = 0; turn < TURNS; turn++) {
        long[] a = stateless.get(turn);
        long[] b = chained.get(turn);
        System.out.printf("| %d | %,d | %,d | %,d | %,d |%n", turn + 1, a[0], a[1], b[0], b[1]);
        totals[0] += a[0];
        totals[1] += a[1];
        totals[2] += b[0];
        totals[3] += b[1];
      }
      System.out.printf(
          "| all | %,d | %,d | %,d | %,d |%n", totals[0], totals[1], totals[2], totals[3]);
    }
  }

  private static void script(FakeOpenAi fake, String answer, String patch) {
    String arguments =
        ObjectMappers.jsonMapper()
            .createObjectNode()
            .put("patch", patch)
            .put("description", "Route urgent tickets")
            .toString();
    for (int turn = 0; turn < TURNS; turn++) {
      if (turn % 2 == 0) {
        fake.script(MODEL).text(answer);
      } else {
        fake.script(MODEL).functionCall("submit_patch", arguments);
      }
    }
  }

  /**
   * The product's way: its own door, its own memory of every item. Per turn: request bytes, input
   * tokens.
   */
  private static List<long[]> statelessSession(FakeOpenAi fake, String code) {
    List<long[]> perTurn = new ArrayList<>();
    List<String> memory = new ArrayList<>();
    try (ResponsesApi api =
        ResponsesApi.connect("bench-key", fake.baseUrl(), Duration.ofSeconds(30))) {
      Optional<String> pendingCall = Optional.empty();
      for (int turn = 0; turn < TURNS; turn++) {
        pendingCall.ifPresent(
            callId ->
                memory.add(
                    Items.toolOutput(
                        callId, "Approved by the evaluator. Reasoning: it does what was asked.")));
        memory.add(Items.userMessage(request(code, turn)));
        ResponsesApi.Reply reply =
            api.respond(
                new ResponsesApi.Request(
                    MODEL,
                    INSTRUCTIONS,
                    List.copyOf(memory),
                    Optional.of(TOOL),
                    Optional.empty(),
                    Optional.of("low"),
                    false),
                delta -> {});
        memory.addAll(reply.rememberedItems());
        pendingCall = reply.firstFunctionCall().map(ResponsesApi.FunctionCall::callId);
        perTurn.add(new long[] {lastRequestBytes(fake), reply.inputTokens()});
      }
    }
    return perTurn;
  }

  /** The provider's state: each request names the previous response and sends only what is new. */
  private static List<long[]> chainedSession(FakeOpenAi fake, String code) {
    List<long[]> perTurn = new ArrayList<>();
    OpenAIClient client =
        OpenAIOkHttpClient.builder()
            .apiKey("bench-key")
            .baseUrl(fake.baseUrl())
            .maxRetries(0)
            .build();
    try {
      String previous = null;
      Optional<String> pendingCall = Optional.empty();
      for (int turn = 0; turn < TURNS; turn++) {
        List<String> fresh = new ArrayList<>();
        pendingCall.ifPresent(
            callId ->
                fresh.add(
                    Items.toolOutput(
                        callId, "Approved by the evaluator. Reasoning: it does what was asked.")));
        fresh.add(Items.userMessage(request(code, turn)));
        var items = ObjectMappers.jsonMapper().createArrayNode();
        for (String item : fresh) {
          items.add(ObjectMappers.jsonMapper().readTree(item));
        }
        ResponseCreateParams.Builder params =
            ResponseCreateParams.builder()
                .model(MODEL)
                .instructions(INSTRUCTIONS)
                .store(true)
                .input(JsonValue.fromJsonNode(items))
                .tools(
                    JsonValue.fromJsonNode(
                        ObjectMappers.jsonMapper()
                            .createArrayNode()
                            .add(ObjectMappers.jsonMapper().readTree(TOOL))))
                .reasoning(Reasoning.builder().effort(ReasoningEffort.LOW).build());
        if (previous != null) {
          params.previousResponseId(previous);
        }
        Response response = client.responses().create(params.build());
        previous = response.id();
        pendingCall =
            response.output().stream()
                .flatMap(item -> item.functionCall().stream())
                .findFirst()
                .map(call -> call.callId());
        perTurn.add(
            new long[] {lastRequestBytes(fake), response.usage().orElseThrow().inputTokens()});
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException impossible) {
      throw new IllegalStateException(impossible);
    } finally {
      client.close();
    }
    return perTurn;
  }

  /** As the coder is asked: the file's current code with the request. */
  private static String request(String code, int turn) {
    return "Current code of agents.py:\n```\n"
        + code
        + "```\n\nRequest:\n"
        + (turn % 2 == 0 ? "What does route do now?" : "Route urgent tickets apart.");
  }

  private static long lastRequestBytes(FakeOpenAi fake) {
    List<FakeOpenAi.RecordedRequest> requests = fake.requests();
    return requests
        .get(requests.size() - 1)
        .rawBody()
        .getBytes(java.nio.charset.StandardCharsets.UTF_8)
        .length;
  }
}
