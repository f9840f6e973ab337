package dev.vibegrapher.support;

import dev.vibegrapher.platform.control.DatabaseMigrations;
import jakarta.enterprise.inject.spi.CDI;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The server of the component tests, seen from both sides of Arquillian.
 *
 * <p>In the test JVM: each Maven execution of the component tests names its database with
 * -Dcomponent.database (h2 or postgresql). Before Arquillian launches its first Payara Micro, this
 * creates a data directory and, for PostgreSQL, a throwaway database ({@link TestDatabases},
 * dropped at the end), and hands both to every Payara Micro of the execution as system properties
 * on its command line (the adapter's payara.cmdOptions): the settings DATA_DIR and DATABASE_URL
 * would give it. A database that -Dit.databases leaves out skips the classes, reported and counted
 * as {@link DatabaseLeftOut} reports the black-box tests it leaves out; no server starts for them.
 *
 * <p>Inside the server: Payara reports the deployment done before the application's start-up work
 * (migrations, then {@code DatabaseReady}) has finished, so each test first waits for it, as the
 * API's requests wait behind the starting gate.
 */
public final class ComponentServer
    implements ExecutionCondition, BeforeAllCallback, BeforeEachCallback {

  private static final Duration START_UP_LIMIT = Duration.ofSeconds(120);
  private static boolean prepared;

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (insideServer(context) || context.getTestMethod().isPresent()) {
      return ConditionEvaluationResult.enabled("decided for the whole class");
    }
    Flavor flavor = database();
    return flavor.isEnabled()
        ? ConditionEvaluationResult.enabled("on " + flavor)
        : ConditionEvaluationResult.disabled(
            DatabaseLeftOut.counted(context, flavor, testsOf(context.getRequiredTestClass())));
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (!insideServer(context)) {
      prepare(context);
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) throws InterruptedException {
    if (insideServer(context)) {
      awaitStartUp();
    }
  }

  private static int testsOf(Class<?> testClass) {
    return (int)
        Arrays.stream(testClass.getDeclaredMethods())
            .filter(method -> method.isAnnotationPresent(Test.class))
            .count();
  }

  private static boolean insideServer(ExtensionContext context) {
    return context
        .getConfigurationParameter(ArquillianExtension.RUNNING_INSIDE_ARQUILLIAN)
        .map(Boolean::parseBoolean)
        .orElse(false);
  }

  private static Flavor database() {
    String name = System.getProperty("component.database");
    if (name == null || name.isBlank()) {
      throw new IllegalStateException(
          "The component tests run in Maven executions of their own, one per database"
              + " (-Dcomponent.database=h2|postgresql): run them with mvn verify"
              + " (-Dcomponent.test=SomeComponentIT for one)");
    }
    return Flavor.valueOf(name.strip().toUpperCase(Locale.ROOT));
  }

  private static synchronized void prepare(ExtensionContext context) {
    if (prepared) {
      return;
    }
    Flavor flavor = database();
    List<String> options = new ArrayList<>();
    String configured = System.getProperty("payara.cmdOptions", "").strip();
    if (!configured.isEmpty()) {
      options.add(configured);
    }
    Path dataDirectory;
    try {
      dataDirectory = Files.createTempDirectory("vibegrapher-component-" + flavor);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    options.add(property("vibegrapher.data-dir", dataDirectory.toString()));
    if (flavor == Flavor.POSTGRESQL) {
      TestDatabases.Database database = TestDatabases.create();
      // Dropped once the whole run is over, after Arquillian has stopped every server.
      context
          .getRoot()
          .getStore(ExtensionContext.Namespace.GLOBAL)
          .put(
              ComponentServer.class,
              (ExtensionContext.Store.CloseableResource) () -> TestDatabases.drop(database));
      options.add(property("database.url", database.applicationUrl()));
    }
    System.setProperty("payara.cmdOptions", String.join(" ", options));
    prepared = true;
  }

  /** One -D option; the adapter splits its options at spaces that are not escaped. */
  private static String property(String name, String value) {
    return ("-D" + name + "=" + value).replace(" ", "\\ ");
  }

  private static void awaitStartUp() throws InterruptedException {
    DatabaseMigrations startUp = CDI.current().select(DatabaseMigrations.class).get();
    long deadline = System.nanoTime() + START_UP_LIMIT.toNanos();
    while (!startUp.isStarted()) {
      if (startUp.hasFailed()) {
        throw new IllegalStateException("The application's start-up failed: see the server's log");
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "The application's start-up was not done within " + START_UP_LIMIT);
      }
      Thread.sleep(100);
    }
  }
}
