package dev.vibegrapher.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * The real application: the built uber jar started as its own process, exactly as a user starts it,
 * on a free port, with its own data directory and database.
 */
public final class RunningApp implements AutoCloseable {

  private static final Duration BOOT_LIMIT = Duration.ofSeconds(180);

  private final String name;
  private final Map<String, String> environment;
  private final Path log;
  private final int port;
  private final IntFunction<List<String>> command;
  private Process process;
  private long logLengthAtLaunch;

  private RunningApp(String name, Map<String, String> environment) {
    this(
        name,
        environment,
        port ->
            List.of(
                javaExecutable(),
                "-Xmx512m",
                // The image's compiler and collector (Dockerfile): on two cores a start is ready in
                // about 14 s instead of 20 with the JVM's defaults, and the tests run what ships.
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-jar",
                jar(),
                "--port",
                String.valueOf(port),
                "--nocluster"));
  }

  private RunningApp(
      String name, Map<String, String> environment, IntFunction<List<String>> command) {
    this.name = name;
    this.environment = environment;
    this.port = freePort();
    this.log = Path.of("target", "it-logs", name + ".log");
    this.command = command;
  }

  /**
   * An app started by a command line of the caller's (given the port to serve on): how a container
   * image starts it, say. The environment is the machine's, less any VIBEGRAPHER_, OPENAI_ and
   * DATABASE_URL variable, plus exactly the one given.
   */
  public static RunningApp launchedBy(
      String name, Map<String, String> environment, IntFunction<List<String>> command) {
    Map<String, String> withOperator = new HashMap<>(environment);
    withOperator.putIfAbsent("VIBEGRAPHER_ADMIN_TOKEN", "it-admin-" + UUID.randomUUID());
    return new RunningApp(name, withOperator, command);
  }

  /** A new data directory and, for PostgreSQL, a new database; call {@link #start()}. */
  public static RunningApp prepare(
      String name, Flavor flavor, Map<String, String> extraEnvironment) {
    return prepare(name, flavor, extraEnvironment, false);
  }

  /**
   * As {@link #prepare(String, Flavor, Map)}, naming PostgreSQL as postgres://user@host/db when
   * asked.
   */
  public static RunningApp prepare(
      String name, Flavor flavor, Map<String, String> extraEnvironment, boolean postgresUriForm) {
    Map<String, String> environment = new HashMap<>();
    try {
      environment.put(
          "VIBEGRAPHER_DATA_DIR", Files.createTempDirectory("vibegrapher-it-" + name).toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (flavor == Flavor.POSTGRESQL) {
      TestDatabases.Database database = TestDatabases.create();
      environment.put(
          "DATABASE_URL", postgresUriForm ? database.uriForm() : database.applicationUrl());
      environment.put("IT_DATABASE_NAME", database.name());
    }
    // Every app is reached with the operator's admin token unless a test sets it (blank: none).
    environment.put("VIBEGRAPHER_ADMIN_TOKEN", "it-admin-" + UUID.randomUUID());
    environment.putAll(extraEnvironment);
    return new RunningApp(name, environment);
  }

  /**
   * Another instance of the same installation, as a load balancer would spread it: the other's
   * database and operator token, its own new data directory, these settings. Its close leaves the
   * database to the other.
   */
  public static RunningApp joining(
      String name, RunningApp other, Map<String, String> extraEnvironment) {
    Map<String, String> environment = new HashMap<>(extraEnvironment);
    environment.put("DATABASE_URL", other.environment.get("DATABASE_URL"));
    environment.put("VIBEGRAPHER_ADMIN_TOKEN", other.environment.get("VIBEGRAPHER_ADMIN_TOKEN"));
    return prepare(name, Flavor.H2, environment);
  }

  /**
   * Starts the app and waits until it is ready. Payara Micro now and then fails its own start
   * before deploying anything (an HK2 race among its boot services: a
   * ConcurrentModificationException, then "Failed to start, exiting", docs/deployment.md). The
   * rule: such a failed start is logged as a failure of the start and counted, and the app is
   * started once more, as a restarted container would be; but only once in the whole test run. A
   * second failed start, of this app or of any other in the same test JVM, fails the test: a race
   * that recurs is no longer a rare race. Any other failure fails the test at once.
   */
  public RunningApp start() {
    return start((status, body) -> status == 200);
  }

  /**
   * Starts the app and waits until its readiness answer satisfies {@code started} (status, body):
   * for an app that is meant to come up not ready, such as one without its sandbox.
   */
  public RunningApp start(java.util.function.BiPredicate<Integer, String> started) {
    try {
      Files.createDirectories(log.getParent());
      while (true) {
        launch();
        try {
          awaitReady(started);
          return this;
        } catch (ContainerBootFailed failed) {
          stop();
          countFailedStart(failed);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Failed starts of Payara Micro itself in this test JVM so far (RunningAppTest resets it between
   * its cases).
   */
  static final java.util.concurrent.atomic.AtomicInteger FAILED_STARTS =
      new java.util.concurrent.atomic.AtomicInteger();

  private void countFailedStart(ContainerBootFailed failed) {
    int count = FAILED_STARTS.incrementAndGet();
    String report =
        "\n*** START FAILED ("
            + count
            + " in this test run): "
            + name
            + ": "
            + failed.getMessage()
            + " ***\n";
    System.err.println(report);
    if (count > 1) {
      throw new IllegalStateException(
          name
              + ": Payara Micro failed its own start again ("
              + count
              + " failed starts in this test run, one is tolerated); see "
              + log.toAbsolutePath(),
          failed);
    }
  }

  private void launch() throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(new ArrayList<>(command.apply(port)))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder
        .environment()
        .keySet()
        .removeIf(
            key ->
                key.startsWith("VIBEGRAPHER_")
                    || key.equals("DATABASE_URL")
                    || key.startsWith("OPENAI_"));
    builder.environment().putAll(environment);
    logLengthAtLaunch = Files.exists(log) ? Files.size(log) : 0;
    process = builder.start();
  }

  /** Payara's own start failed, before our application was deployed. */
  private static final class ContainerBootFailed extends IllegalStateException {
    ContainerBootFailed(String message) {
      super(message);
    }
  }

  private boolean containerBootFailed() throws IOException {
    try (var channel = Files.newByteChannel(log)) {
      channel.position(logLengthAtLaunch);
      String since =
          new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.UTF_8);
      // Payara's boot services race: either its start fails whole, or its security service fails
      // before anything of ours runs (a null context class loader in SecurityLifecycle), and the
      // application is never deployed.
      boolean bootFailed =
          since.contains("Failed to start, exiting")
              || since.contains("Error while installing policy provider")
                  && since.contains("SecurityLifecycleException");
      return bootFailed && !since.contains("successfully deployed");
    }
  }

  private void awaitReady(java.util.function.BiPredicate<Integer, String> started) {
    // HTTP/1.1, as a platform's health probe speaks: no h2c upgrade attempt on a server that has
    // none.
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    long deadline = System.nanoTime() + BOOT_LIMIT.toNanos();
    String lastAnswer = "no answer";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited during boot; see " + log.toAbsolutePath());
      }
      try {
        if (containerBootFailed()) {
          throw new ContainerBootFailed(
              "Payara Micro failed its own start; see " + log.toAbsolutePath());
        }
        HttpResponse<String> response =
            client.send(
                HttpRequest.newBuilder(uri("/health/ready")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (started.test(response.statusCode(), response.body())) {
          return;
        }
        lastAnswer = "status " + response.statusCode();
      } catch (IOException e) {
        // not listening yet
        lastAnswer = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      sleep(250);
    }
    stop();
    throw new IllegalStateException(
        name
            + " was not ready within "
            + BOOT_LIMIT
            + " (last probe of /health/ready: "
            + lastAnswer
            + "); see "
            + log.toAbsolutePath());
  }

  /** Stops the process as an operator would (SIGTERM), and waits for it to end. */
  public void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  /**
   * Sends SIGTERM and waits up to {@code limit} for the process to end: its exit code, or empty if
   * it did not end in time (it is then killed).
   */
  public Optional<Integer> terminate(Duration limit) {
    Process stopping = process;
    process = null;
    stopping.destroy();
    try {
      if (stopping.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        return Optional.of(stopping.exitValue());
      }
      stopping.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Ends the process at once (SIGKILL), as a crash or an out-of-memory kill would. */
  public void kill() {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  /** Stops the app and removes its database. The data directory stays for inspection. */
  @Override
  public void close() {
    stop();
    String database = environment.get("IT_DATABASE_NAME");
    if (database != null) {
      TestDatabases.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }
  }

  /** The API as the operator, with the admin token the app was started with (none: anonymous). */
  public Api api() {
    return new Api(uri(""), adminToken());
  }

  /**
   * The operator's bearer token for this app, or null when it was started without one (set blank).
   */
  public String adminToken() {
    String token = environment.get("VIBEGRAPHER_ADMIN_TOKEN");
    return token == null || token.isBlank() ? null : token;
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  public int port() {
    return port;
  }

  public Path dataDirectory() {
    return Path.of(environment.get("VIBEGRAPHER_DATA_DIR"));
  }

  public String databaseName() {
    return environment.get("IT_DATABASE_NAME");
  }

  public Map<String, String> environment() {
    return environment;
  }

  /** The running process's id, for benchmarks that read its memory. */
  public long pid() {
    return process.pid();
  }

  public Path log() {
    return log;
  }

  /** The built uber jar. */
  public static String jar() {
    String jar = System.getProperty("vibegrapher.jar", "target/vibegrapher.jar");
    if (!Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException(
          "No " + jar + ": run the integration tests through Maven (mvn verify)");
    }
    return jar;
  }

  /** The java of the JVM running the tests (Java 17, as in the image). */
  public static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  // The port stays for the app's whole life, so a restarted app answers where clients expect it.
  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
