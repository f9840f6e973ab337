package dev.vibegrapher.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibegrapher.support.FakeOpenAi;
import dev.vibegrapher.support.RunningApp;
import dev.vibegrapher.support.SmokeRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * target/vibegrapher.war, the complete application, deployed on plain Payara Micro 6 as an operator
 * deploys it: {@code java -jar payara-micro.jar --deploy vibegrapher.war:/}, with no settings of
 * the uber jar's (no server class path, boot commands or logging properties), the app configured
 * only through the environment. Two flags of the test's own: the port it reaches the server on, and
 * no clustering (Payara Micro would otherwise look for other members by multicast). Then the same
 * story as on Payara Server ({@link SmokeRun}), on the embedded database (the H2 that Payara Micro
 * ships; PostgreSQL through the driver in WEB-INF/lib is shown on Payara Server).
 */
class PayaraMicroDeploymentIT {

  static final String CODER = "micro-coder";
  static final String EVALUATOR = "micro-evaluator";

  @Test
  void theWarDeploysOnPlainPayaraMicroAndCommitsAnAgentsPatch() throws Exception {
    String micro = System.getProperty("payara.micro.jar");
    String war = System.getProperty("vibegrapher.war");
    try (FakeOpenAi fake = FakeOpenAi.start()) {
      Map<String, String> environment =
          Map.of(
              "VIBEGRAPHER_DATA_DIR",
              Files.createTempDirectory("vibegrapher-payara-micro").toString(),
              "OPENAI_API_KEY",
              "test-key-not-a-secret",
              "OPENAI_BASE_URL",
              fake.baseUrl(),
              "VIBEGRAPHER_CODER_MODEL",
              CODER,
              "VIBEGRAPHER_EVALUATOR_MODEL",
              EVALUATOR);
      try (RunningApp app =
          RunningApp.launchedBy(
              "payara-micro-war",
              environment,
              port ->
                  List.of(
                      RunningApp.javaExecutable(),
                      "-jar",
                      micro,
                      "--deploy",
                      Path.of(war).toAbsolutePath() + ":/",
                      "--port",
                      String.valueOf(port),
                      "--nocluster"))) {
        // Any answer means Payara Micro serves; deploying the complete WAR takes a minute or more
        // after that on a busy machine (docs/benchmarks.md, "The complete WAR").
        app.start((status, body) -> true);
        JsonNode database =
            SmokeRun.checkData(SmokeRun.awaitReady(app, Duration.ofSeconds(300)), "database");
        assertEquals("h2", database.path("kind").asText(), database.toString());
        assertEquals("application", database.path("datasource").asText(), database.toString());

        SmokeRun.commitAnAgentsPatch(app, fake, CODER, EVALUATOR);
      }
    }
  }
}
