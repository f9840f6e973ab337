package dev.vibegrapher.agent.control;

import dev.vibegrapher.agent.openai.Items;
import dev.vibegrapher.agent.openai.ResponsesApi;
import dev.vibegrapher.platform.control.DatabaseReady;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The SDK is large: its first use loads thousands of classes. Right after start-up, in the
 * background and without touching the network, this walks the paths a real call takes (client,
 * request body, stream events, response JSON) so the first user's run does not pay for it. Only
 * when an API key is configured: without one no run calls the LLM.
 */
@ApplicationScoped
public class LlmWarmUp {

  private static final Logger LOG = Logger.getLogger(LlmWarmUp.class.getName());

  @Inject OpenAiClients clients;
  @Inject LlmSettings settings;

  @Resource(lookup = "java:comp/DefaultManagedExecutorService")
  ManagedExecutorService executor;

  @Inject
  @ConfigProperty(name = "vibegrapher.llm.warm-up")
  boolean enabled;

  void onStart(@Observes DatabaseReady ready) {
    // Without a key no run can reach the LLM, so warming up would only hold ~50 MB of SDK classes.
    if (enabled && settings.apiKey().isPresent()) {
      executor.execute(this::warmUp);
    }
  }

  private void warmUp() {
    long started = System.nanoTime();
    try {
      clients.client();
      VibeCoder.request("warm-up", "warm-up.py", "");
      ResponsesApi.Request params =
          new ResponsesApi.Request(
              settings.coderModel(),
              "warm-up",
              List.of(
                  Conversation.userMessage("warm-up"),
                  Conversation.toolOutput("call_warmup", "ok")),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              false);
      for (String text : Items.warmUp(params, AgentResources.text("warm-up-events.json"))) {
        Evaluator.verdict(text);
      }
      LOG.info(
          () -> "LLM client warmed up in " + (System.nanoTime() - started) / 1_000_000 + " ms");
    } catch (Exception | LinkageError failure) {
      LOG.log(
          Level.WARNING,
          "Warming up the LLM client failed; the first run will load it instead",
          failure);
    }
  }
}
