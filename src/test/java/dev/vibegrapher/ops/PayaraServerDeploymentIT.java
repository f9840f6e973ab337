package dev.vibegrapher.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibegrapher.support.AcrossDatabases;
import dev.vibegrapher.support.FakeOpenAi;
import dev.vibegrapher.support.Flavor;
import dev.vibegrapher.support.OnPostgreSql;
import dev.vibegrapher.support.RunningApp;
import dev.vibegrapher.support.SmokeRun;
import dev.vibegrapher.support.TestDatabases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * target/vibegrapher.war deployed as an operator deploys it on a stock Payara Server 6 (the
 * distribution from Maven Central, unpacked under target/ by the build): a domain of its own on
 * ports away from the defaults, {@code asadmin deploy --contextroot /}, the app configured only
 * through the environment (MicroProfile Config). Then the product's smallest whole story ({@link
 * SmokeRun}): a project, a session, a run against the fake LLM that proposes a patch the evaluator
 * approves, the run's frames over WebSocket, the human's approval and the commit.
 *
 * <p>On each database with the application's own data source (DATABASE_URL), and on PostgreSQL
 * through a JDBC pool and resource the server owns, made with asadmin (VIBEGRAPHER_DATASOURCE).
 */
class PayaraServerDeploymentIT {

  static final String DOMAIN = "vibegrapher-it";
  static final String POOL = "vibegrapher-pool";
  static final String RESOURCE = "jdbc/vibegrapher";
  static final String ALIAS = "vibegrapher-db";
  static final String CODER = "server-coder";
  static final String EVALUATOR = "server-evaluator";

  @AcrossDatabases
  void theWarDeploysOnPayaraServerAndCommitsAnAgentsPatch(Flavor flavor) throws Exception {
    TestDatabases.Database database = flavor == Flavor.POSTGRESQL ? TestDatabases.create() : null;
    try (FakeOpenAi fake = FakeOpenAi.start();
        Domain domain = Domain.create()) {
      Map<String, String> environment = environment(fake);
      if (database != null) {
        environment.put(
            "DATABASE_URL",
            database.jdbcUrl()
                + (database.jdbcUrl().contains("?") ? "&" : "?")
                + "user="
                + database.user());
      }
      RunningApp app = domain.start("payara-server-" + flavor.name().toLowerCase(), environment);
      domain.deploy();
      JsonNode check = SmokeRun.checkData(SmokeRun.awaitReady(app, READY), "database");
      assertEquals("application", check.path("datasource").asText(), check.toString());
      assertEquals(flavor.name().toLowerCase(), check.path("kind").asText(), check.toString());

      SmokeRun.commitAnAgentsPatch(app, fake, CODER, EVALUATOR);
    } finally {
      if (database != null) {
        TestDatabases.drop(database);
      }
    }
  }

  /**
   * The operator's own pool, as docs/deployment.md has it: the PostgreSQL driver in the domain's
   * lib directory; the database's password in a password alias; a pool and a JDBC resource made
   * with asadmin; the app told only the resource's JNDI name. No DATABASE_URL, so the app could
   * only reach this database through the server's resource: the story's rows are there, and the
   * app's own data source never made its H2 file.
   */
  @OnPostgreSql
  void theWarUsesAJdbcResourceTheServerOwns(Flavor flavor) throws Exception {
    TestDatabases.Database database = TestDatabases.create();
    // The pool's own user, with a password, owning the database (as an operator's would).
    String user = database.name() + "_pool";
    String password = UUID.randomUUID().toString();
    TestDatabases.execute("CREATE ROLE " + user + " LOGIN PASSWORD '" + password + "'");
    TestDatabases.execute("ALTER DATABASE " + database.name() + " OWNER TO " + user);
    try (FakeOpenAi fake = FakeOpenAi.start();
        Domain domain = Domain.create()) {
      Path driver = Path.of(System.getProperty("payara.server.jdbc-driver"));
      Files.copy(driver, domain.libDirectory().resolve(driver.getFileName()));
      Map<String, String> environment = environment(fake);
      environment.put("VIBEGRAPHER_DATASOURCE", RESOURCE);
      RunningApp app = domain.start("payara-server-own-pool", environment);

      Path passwordFile = Files.createTempFile("asadmin-alias", ".txt");
      Files.writeString(passwordFile, "AS_ADMIN_ALIASPASSWORD=" + password + "\n");
      domain.asadmin("--passwordfile", passwordFile.toString(), "create-password-alias", ALIAS);
      Files.delete(passwordFile);
      URI server = URI.create(database.jdbcUrl().substring("jdbc:".length()));
      domain.asadmin(
          "create-jdbc-connection-pool",
          "--datasourceclassname",
          "org.postgresql.ds.PGSimpleDataSource",
          "--restype",
          "javax.sql.DataSource",
          "--property",
          "serverName="
              + asadminValue(server.getHost())
              + ":portNumber="
              + (server.getPort() > 0 ? server.getPort() : 5432)
              + ":databaseName="
              + asadminValue(database.name())
              + ":user="
              + asadminValue(user)
              + ":password=${ALIAS="
              + ALIAS
              + "}",
          POOL);
      domain.asadmin("create-jdbc-resource", "--connectionpoolid", POOL, RESOURCE);
      domain.asadmin("ping-connection-pool", POOL);
      domain.deploy();

      JsonNode check = SmokeRun.checkData(SmokeRun.awaitReady(app, READY), "database");
      assertEquals("server", check.path("datasource").asText(), check.toString());
      assertEquals("postgresql", check.path("kind").asText(), check.toString());

      SmokeRun.Done done = SmokeRun.commitAnAgentsPatch(app, fake, CODER, EVALUATOR);

      assertEquals("COMMITTED", diffStatus(database, done.diffId()), "the pool's database");
      Path ownDatabase = app.dataDirectory().resolve("db");
      assertFalse(
          Files.exists(ownDatabase),
          "the app's own data source made an H2 database: " + ownDatabase);
    } finally {
      TestDatabases.drop(database);
      TestDatabases.execute("DROP ROLE IF EXISTS " + user);
    }
  }

  static final Duration READY = Duration.ofSeconds(120);

  private static Map<String, String> environment(FakeOpenAi fake) throws IOException {
    Map<String, String> environment = new HashMap<>();
    environment.put("AS_JAVA", System.getProperty("java.home"));
    environment.put(
        "VIBEGRAPHER_DATA_DIR", Files.createTempDirectory("vibegrapher-payara-server").toString());
    environment.put("OPENAI_API_KEY", "test-key-not-a-secret");
    environment.put("OPENAI_BASE_URL", fake.baseUrl());
    environment.put("VIBEGRAPHER_CODER_MODEL", CODER);
    environment.put("VIBEGRAPHER_EVALUATOR_MODEL", EVALUATOR);
    return environment;
  }

  private static String diffStatus(TestDatabases.Database database, String diffId)
      throws SQLException {
    try (Connection connection = database.connect();
        PreparedStatement query =
            connection.prepareStatement("SELECT status FROM diffs WHERE id = ?")) {
      query.setString(1, diffId);
      try (ResultSet row = query.executeQuery()) {
        assertTrue(row.next(), "no diff " + diffId + " in " + database.name());
        return row.getString(1);
      }
    }
  }

  /** A value in asadmin's name=value:name=value property syntax. */
  private static String asadminValue(String value) {
    return value.replace("\\", "\\\\").replace(":", "\\:").replace("=", "\\=");
  }

  /**
   * A domain of the unpacked Payara Server's own, in a directory of its own, on ports no other test
   * uses; stopped and left for inspection on close.
   */
  private static final class Domain implements AutoCloseable {

    private final Path home = Path.of(System.getProperty("payara.server.home"));
    private final Path domains;
    private final int portBase;
    private RunningApp app;

    private Domain(Path domains, int portBase) {
      this.domains = domains;
      this.portBase = portBase;
    }

    static Domain create() throws IOException, InterruptedException {
      Path domains =
          Files.createDirectories(Path.of("target", "payara-domains"))
              .resolve(UUID.randomUUID().toString())
              .toAbsolutePath();
      Domain domain = new Domain(domains, freePortBase());
      domain.asadminLocal(
          "create-domain",
          "--domaindir",
          domains.toString(),
          "--portbase",
          String.valueOf(domain.portBase),
          "--nopassword=true",
          DOMAIN);
      return domain;
    }

    /** Where a domain's libraries go (the common class loader's, so a pool's driver too). */
    Path libDirectory() throws IOException {
      return Files.createDirectories(domains.resolve(DOMAIN).resolve("lib"));
    }

    /**
     * Starts the domain in the foreground (--verbose), so that its log is the test's log, with its
     * HTTP listener moved to the port the test reaches it on; returns once the admin port answers.
     */
    RunningApp start(String name, Map<String, String> environment) {
      Path domainXml = domains.resolve(DOMAIN).resolve("config").resolve("domain.xml");
      app =
          RunningApp.launchedBy(
              name,
              environment,
              port -> {
                movePort(domainXml, portBase + 80, port);
                List<String> command = new ArrayList<>(asadminCommand());
                command.addAll(
                    List.of(
                        "start-domain", "--verbose", "--domaindir", domains.toString(), DOMAIN));
                return command;
              });
      app.start((status, body) -> true);
      return app;
    }

    void deploy() throws IOException, InterruptedException {
      asadmin(
          "deploy",
          "--contextroot",
          "/",
          "--name",
          "vibegrapher",
          Path.of(System.getProperty("vibegrapher.war")).toString());
    }

    /** A remote asadmin command, to this domain's admin port. */
    void asadmin(String... arguments) throws IOException, InterruptedException {
      List<String> command = new ArrayList<>(List.of("--port", String.valueOf(portBase + 48)));
      command.addAll(List.of(arguments));
      asadminLocal(command.toArray(String[]::new));
    }

    /** Runs asadmin to its end; fails with its output when it fails. */
    private void asadminLocal(String... arguments) throws IOException, InterruptedException {
      List<String> command = new ArrayList<>(asadminCommand());
      command.addAll(List.of(arguments));
      Path output = Files.createTempFile("asadmin", ".log");
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
      builder.environment().put("AS_JAVA", System.getProperty("java.home"));
      Process process = builder.start();
      boolean ended = process.waitFor(5, TimeUnit.MINUTES);
      String log = Files.readString(output);
      if (!ended) {
        process.destroyForcibly();
      }
      assertTrue(ended && process.exitValue() == 0, String.join(" ", command) + " failed:\n" + log);
    }

    /** asadmin through sh: the script needs no executable bit, whatever the unpacking kept. */
    private List<String> asadminCommand() {
      return List.of("sh", home.resolve("bin").resolve("asadmin").toString());
    }

    @Override
    public void close() throws IOException, InterruptedException {
      if (app == null) {
        return;
      }
      try {
        asadminLocal("stop-domain", "--domaindir", domains.toString(), DOMAIN);
      } finally {
        app.close();
      }
    }
  }

  private static void movePort(Path domainXml, int from, int to) {
    try {
      String xml = Files.readString(domainXml, StandardCharsets.UTF_8);
      String listener = "port=\"" + from + "\"";
      if (!xml.contains(listener) && xml.contains("port=\"" + to + "\"")) {
        return; // moved for an earlier start of the same domain
      }
      assertTrue(xml.contains(listener), "domain.xml has its HTTP listener on " + from);
      Files.writeString(
          domainXml, xml.replace(listener, "port=\"" + to + "\""), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A base of 100 ports, all free now: create-domain --portbase puts each of the domain's listeners
   * at base + n.
   */
  private static int freePortBase() {
    for (int attempt = 0; attempt < 50; attempt++) {
      int base = 100 * ThreadLocalRandom.current().nextInt(200, 550);
      if (allFree(base, 100)) {
        return base;
      }
    }
    throw new IllegalStateException("no free range of 100 ports");
  }

  private static boolean allFree(int base, int count) {
    for (int port = base; port < base + count; port++) {
      try (ServerSocket socket = new ServerSocket(port)) {
        socket.setReuseAddress(true);
      } catch (IOException taken) {
        return false;
      }
    }
    return true;
  }
}
