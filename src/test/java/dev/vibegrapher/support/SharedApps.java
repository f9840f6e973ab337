package dev.vibegrapher.support;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * One running app per database, shared by every integration test class of the run and stopped when
 * the test JVM ends: booting the server is the slow part, the tests themselves are not.
 */
public final class SharedApps {

  private static final Map<Flavor, RunningApp> APPS = new EnumMap<>(Flavor.class);

  /**
   * Events can be published by hand, heartbeats come every second, and the LLM is the shared fake.
   */
  public static Map<String, String> sharedSettings() {
    Map<String, String> settings = new HashMap<>(SharedFake.settings());
    settings.put("VIBEGRAPHER_DIAGNOSTICS", "true");
    settings.put("VIBEGRAPHER_HEARTBEAT_SECONDS", "1");
    // Every test class of the run connects as the one admin; the cap per caller has tests of its
    // own (RealtimeAbuseIT).
    settings.put("VIBEGRAPHER_REALTIME_MAX_CONNECTIONS_PER_CALLER", "1000");
    return settings;
  }

  private SharedApps() {}

  public static synchronized RunningApp of(Flavor flavor) {
    return APPS.computeIfAbsent(
        flavor,
        f -> {
          RunningApp app =
              RunningApp.prepare("shared-" + f.name().toLowerCase(), f, sharedSettings()).start();
          Runtime.getRuntime().addShutdownHook(new Thread(app::close));
          return app;
        });
  }

  public static Api api(Flavor flavor) {
    return of(flavor).api();
  }
}
