package dev.vibegrapher.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the image, Fly.io and the workflows must say, read from the files themselves (no Docker
 * engine or Fly account here). The workflows are also linted by actionlint in ci.yml.
 */
class DeploymentFilesTest {

  private static final ObjectMapper TOML = new TomlMapper();
  private static final ObjectMapper YAML = new YAMLMapper();
  private static final Path WORKFLOWS = Path.of(".github", "workflows");
  private static final Set<String> SECRETS = Set.of("FLY_API_TOKEN", "OPENAI_API_KEY");

  private final DockerfileModel dockerfile = DockerfileModel.read();
  private final DockerfileModel.Stage image = dockerfile.finalStage();

  @Test
  void theImageIsBuiltByMavenAndRunsOnAJreWithoutBuildTools() {
    assertTrue(dockerfile.stages().size() >= 2, "multi-stage");
    DockerfileModel.Stage build = dockerfile.stages().get(0);
    assertTrue(build.from().startsWith("maven:") && build.from().contains("17"), build.from());
    assertTrue(
        build.all("RUN").stream().anyMatch(run -> run.contains("mvn -B package -DskipTests")),
        "the README's build");
    assertTrue(
        image.from().startsWith("eclipse-temurin:17") && image.from().contains("jre"),
        image.from());
    String runs = String.join("\n", image.all("RUN"));
    assertTrue(runs.contains("python3"), "python3 checks and tests the projects' code");
    assertTrue(
        runs.contains("bubblewrap"), "bubblewrap sandboxes it: without it the server runs no test");
    for (String buildTool : List.of("maven", "openjdk", "-jdk", "gcc", "build-essential")) {
      assertFalse(runs.contains(buildTool), "no build tool in the runtime image: " + buildTool);
    }
    assertTrue(
        image.all("COPY").stream()
            .anyMatch(
                copy ->
                    copy.startsWith("--from=" + build.name())
                        && copy.contains("target/vibegrapher.jar")),
        "only the uber jar comes from the build");
  }

  @Test
  void theImageRunsAsANonRootUserWithItsDataUnderData() {
    String user =
        image
            .last("USER")
            .orElseThrow(() -> new AssertionError("no USER: the image would run as root"));
    String name = user.split(":")[0];
    assertFalse(name.equals("root") || name.equals("0"), user);
    assertEquals("/data", image.env().get("VIBEGRAPHER_DATA_DIR"));
    assertTrue(
        String.join(" ", image.all("RUN")).contains("chown vibegrapher:vibegrapher /data"),
        "the user may write /data");
    assertTrue(image.all("EXPOSE").contains("8080"));
    String healthcheck = image.last("HEALTHCHECK").orElseThrow();
    assertTrue(healthcheck.contains("http://127.0.0.1:8080/health/ready"), healthcheck);
  }

  @Test
  void javaGetsSigtermAndIsSizedForTheContainer() {
    List<String> entrypoint = image.execForm("ENTRYPOINT");
    assertEquals("java", entrypoint.get(0), "java is PID 1, so SIGTERM reaches it");
    assertTrue(
        entrypoint.stream().anyMatch(flag -> flag.startsWith("-XX:MaxRAMPercentage=")),
        "heap from the container's memory");
    assertTrue(entrypoint.contains("-XX:+ExitOnOutOfMemoryError"));
    assertTrue(
        entrypoint.contains("-XX:TieredStopAtLevel=1"),
        "C1 only: half the CPU on a small machine's cores (docs/benchmarks.md)");
    assertFalse(
        entrypoint.stream().anyMatch(flag -> flag.startsWith("-Xmx")),
        "a fixed heap ignores the container's size");
    assertEquals("/app/vibegrapher.jar", entrypoint.get(entrypoint.indexOf("-jar") + 1));
    String training =
        image.all("RUN").stream()
            .filter(run -> run.contains("train-cds.sh"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no AppCDS training"));
    assertTrue(training.contains("/app/vibegrapher.jar /app/vibegrapher.jsa"), training);
    assertTrue(
        entrypoint.contains("-XX:SharedArchiveFile=/app/vibegrapher.jsa"),
        "every start maps the trained archive");
    assertEquals(List.of("--port", "8080"), image.execForm("CMD"));
  }

  @Test
  void productionRunsTwoToFiveMachinesInEwrBehindHttpsWithNoVolume() throws IOException {
    JsonNode fly = TOML.readTree(Files.readString(Path.of("fly.toml")));
    assertEquals("vibegrapher", fly.get("app").asText());
    assertEquals("ewr", fly.get("primary_region").asText());
    assertEquals("SIGTERM", fly.get("kill_signal").asText());
    // The stop's grace (VIBEGRAPHER_SHUTDOWN_GRACE_SECONDS, 20 s by default) and the stop itself.
    assertEquals("30s", fly.get("kill_timeout").asText());
    JsonNode http = fly.get("http_service");
    assertEquals(8080, http.get("internal_port").asInt());
    assertTrue(http.get("force_https").asBoolean());
    assertEquals(2, http.get("min_machines_running").asInt(), "never fewer than two");
    assertEquals("stop", http.get("auto_stop_machines").asText());
    assertTrue(http.get("auto_start_machines").asBoolean());
    assertReadinessChecked(http);
    assertTrue(fly.path("mounts").isMissingNode(), "no volume: machines share only PostgreSQL");
    assertEquals(
        image.env().get("VIBEGRAPHER_DATA_DIR"),
        fly.get("env").get("VIBEGRAPHER_DATA_DIR").asText());
    assertNoSecretSetting(fly.get("env"));
  }

  @Test
  void aPreviewScalesToZeroIn512MbWithTheEmbeddedDatabaseAndNoVolume() throws IOException {
    JsonNode preview = TOML.readTree(Files.readString(Path.of("fly.preview.toml")));
    JsonNode http = preview.get("http_service");
    assertEquals(0, http.get("min_machines_running").asInt());
    assertEquals("stop", http.get("auto_stop_machines").asText());
    assertTrue(http.get("auto_start_machines").asBoolean());
    assertTrue(http.get("force_https").asBoolean());
    assertReadinessChecked(http);
    assertEquals("512mb", preview.get("vm").get(0).get("memory").asText());
    assertTrue(preview.path("mounts").isMissingNode(), "no volume");
    assertTrue(preview.path("env").path("DATABASE_URL").isMissingNode(), "the embedded database");
    assertNoSecretSetting(preview.get("env"));
  }

  @Test
  void ciRunsTheReadmesTestsWithPostgresqlAndChromiumAndKeepsTheReports() throws IOException {
    JsonNode ci = workflow("ci.yml");
    assertTrue(ci.get("on").has("push") && ci.get("on").has("pull_request"));
    JsonNode verify = ci.get("jobs").get("verify");
    assertTrue(verify.get("services").has("postgres"));
    assertTrue(
        verify
            .get("env")
            .get("VIBEGRAPHER_TEST_DATABASE_URL")
            .asText()
            .startsWith("jdbc:postgresql://postgres:5432/"));
    String runs = runs(verify);
    assertTrue(runs.contains("chromium chromium-driver"), runs);
    assertTrue(
        runs.lines().anyMatch(line -> line.strip().equals("mvn -B verify")),
        "exactly the README's command");
    JsonNode upload = step(verify, "actions/upload-artifact");
    assertEquals(
        "always()", upload.get("if").asText(), "reports of a failed run are the ones that matter");
    for (String report :
        List.of(
            "target/failsafe-reports",
            "target/surefire-reports",
            "target/it-logs",
            "target/screenshots")) {
      assertTrue(upload.get("with").get("path").asText().contains(report), report);
    }
  }

  @Test
  void productionDeploysAfterCiPassesOnMainAndWaitsUntilReady() throws IOException {
    JsonNode deploy = workflow("deploy-prod.yml");
    JsonNode trigger = deploy.get("on").get("workflow_run");
    assertEquals("ci", trigger.get("workflows").get(0).asText());
    assertEquals("completed", trigger.get("types").get(0).asText());
    assertEquals("main", trigger.get("branches").get(0).asText());
    JsonNode job = deploy.get("jobs").get("deploy");
    assertTrue(
        job.get("if").asText().contains("github.event.workflow_run.conclusion == 'success'"));
    step(job, "superfly/flyctl-actions/setup-flyctl");
    String runs = runs(job);
    assertTrue(runs.contains("flyctl deploy --remote-only"), runs);
    assertTrue(
        runs.contains("https://vibegrapher.fly.dev/health/ready") && runs.contains("exit 1"),
        "polls readiness, fails if never ready");
  }

  @Test
  void everyPullRequestGetsItsOwnPreviewUntilItCloses() throws IOException {
    JsonNode preview = workflow("preview.yml");
    assertTrue(preview.get("on").has("pull_request"));
    JsonNode job = preview.get("jobs").get("deploy");
    assertEquals("vibegrapher-pr-${{ github.event.number }}", job.get("env").get("APP").asText());
    String runs = runs(job);
    assertTrue(runs.contains("flyctl apps create \"$APP\""), "created if missing");
    assertTrue(runs.contains("--config fly.preview.toml --app \"$APP\""), runs);
    assertTrue(
        step(job, "actions/github-script")
            .get("with")
            .get("script")
            .asText()
            .contains("createComment"));

    JsonNode cleanup = workflow("preview-cleanup.yml");
    assertEquals("closed", cleanup.get("on").get("pull_request").get("types").get(0).asText());
    JsonNode destroy = cleanup.get("jobs").get("destroy");
    assertEquals(job.get("env").get("APP"), destroy.get("env").get("APP"));
    assertTrue(runs(destroy).contains("flyctl apps destroy \"$APP\" --yes"));
  }

  @Test
  void secretsComeOnlyFromGithubSecrets() throws IOException {
    Pattern reference = Pattern.compile("\\$\\{\\{\\s*secrets\\.([A-Za-z0-9_]+)\\s*}}");
    List<Path> files = deploymentFiles();
    for (Path file : files) {
      String text = Files.readString(file);
      Matcher secret = reference.matcher(text);
      while (secret.find()) {
        assertTrue(
            SECRETS.contains(secret.group(1)),
            file + " uses an unexpected secret: " + secret.group(1));
      }
      for (String name : SECRETS) {
        Matcher assigned = Pattern.compile(name + "\\s*[:=]\\s*(\\S+)").matcher(text);
        while (assigned.find()) {
          String value = assigned.group(1);
          assertTrue(
              value.startsWith("${{") || value.startsWith("\"$") || value.startsWith("$"),
              file + " gives " + name + " a literal value: " + value);
        }
      }
      for (String literal :
          List.of(
              "sk-[A-Za-z0-9_-]{16,}",
              "FlyV1 [A-Za-z0-9]",
              "fo1_[A-Za-z0-9_-]{16,}",
              "postgres://[^\\s:@/]+:[^\\s@$]+@")) {
        assertFalse(
            Pattern.compile(literal).matcher(text).find(),
            file + " holds something like a secret: " + literal);
      }
    }
    assertTrue(files.size() >= 7, "checked: " + files);
  }

  private static void assertReadinessChecked(JsonNode http) {
    JsonNode check = http.get("checks").get(0);
    assertEquals("/health/ready", check.get("path").asText());
    assertEquals("GET", check.get("method").asText());
  }

  private static void assertNoSecretSetting(JsonNode env) {
    env.fieldNames()
        .forEachRemaining(
            name ->
                assertFalse(
                    SECRETS.contains(name) || name.equals("DATABASE_URL"),
                    name + " belongs in fly secrets, not in the file"));
  }

  private static JsonNode workflow(String name) throws IOException {
    return YAML.readTree(Files.readString(WORKFLOWS.resolve(name)));
  }

  private static JsonNode step(JsonNode job, String action) {
    for (JsonNode step : job.get("steps")) {
      if (step.path("uses").asText().startsWith(action + "@")) {
        return step;
      }
    }
    throw new AssertionError("no step uses " + action);
  }

  private static String runs(JsonNode job) {
    List<String> runs = new ArrayList<>();
    job.get("steps").forEach(step -> runs.add(step.path("run").asText()));
    return String.join("\n", runs);
  }

  private static List<Path> deploymentFiles() throws IOException {
    List<Path> files =
        new ArrayList<>(
            List.of(DockerfileModel.PATH, Path.of("fly.toml"), Path.of("fly.preview.toml")));
    try (Stream<Path> workflows = Files.list(WORKFLOWS)) {
      workflows.filter(path -> path.toString().endsWith(".yml")).sorted().forEach(files::add);
    }
    return files;
  }
}
