package dev.vibegrapher.support;

import java.util.EnumMap;
import java.util.Map;

/**
 * One running app per database, shared by every integration test class of the run and stopped
 * when the test JVM ends: booting the server is the slow part, the tests themselves are not.
 */
public final class SharedApps {

  private static final Map<Flavor, RunningApp> APPS = new EnumMap<>(Flavor.class);

  /** Events can be published by hand, and heartbeats come every second. */
  public static final Map<String, String> SHARED_SETTINGS = Map.of("VIBEGRAPHER_DIAGNOSTICS", "true", "VIBEGRAPHER_HEARTBEAT_SECONDS", "1");

  private SharedApps() {}

  public static synchronized RunningApp of(Flavor flavor) {
    return APPS.computeIfAbsent(flavor, f -> {
      RunningApp app = RunningApp.prepare("shared-" + f.name().toLowerCase(), f, SHARED_SETTINGS).start();
      Runtime.getRuntime().addShutdownHook(new Thread(app::close));
      return app;
    });
  }

  public static Api api(Flavor flavor) {
    return of(flavor).api();
  }
}
