package dev.vibegrapher.platform.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DatabaseSettingsTest {

  @Test
  void unsetMeansAnH2FileUnderTheDataDirectory() {
    DatabaseSettings settings = DatabaseSettings.from(Optional.empty(), Path.of("/srv/vg"));
    assertTrue(
        settings.jdbcUrl().startsWith("jdbc:h2:file:/srv/vg/db/vibegrapher;"), settings.jdbcUrl());
    assertFalse(settings.isPostgres());
    assertEquals(settings, DatabaseSettings.from(Optional.of("  "), Path.of("/srv/vg")));
  }

  @Test
  void flyStylePostgresUrlsBecomeJdbcWithCredentials() {
    DatabaseSettings settings =
        DatabaseSettings.from(
            Optional.of("postgres://app:s%40cr%3At@db.internal:6543/vibes?sslmode=disable"),
            Path.of("."));
    assertEquals("jdbc:postgresql://db.internal:6543/vibes?sslmode=disable", settings.jdbcUrl());
    assertEquals("app", settings.user());
    assertEquals("s@cr:t", settings.password());
    assertTrue(settings.isPostgres());
  }

  @Test
  void defaultPortAndDatabaseAndNoCredentials() {
    DatabaseSettings settings =
        DatabaseSettings.from(Optional.of("postgresql://localhost"), Path.of("."));
    assertEquals("jdbc:postgresql://localhost:5432/postgres", settings.jdbcUrl());
    assertEquals(null, settings.user());
  }

  @Test
  void jdbcUrlsPassThrough() {
    String url = "jdbc:postgresql://127.0.0.1:5432/vg?user=vg&password=topsecret";
    assertEquals(url, DatabaseSettings.from(Optional.of(url), Path.of(".")).jdbcUrl());
  }

  @Test
  void passwordsNeverShowInDescriptions() {
    DatabaseSettings fromUri =
        DatabaseSettings.from(Optional.of("postgres://app:topsecret@db:5432/vg"), Path.of("."));
    DatabaseSettings fromJdbc =
        DatabaseSettings.from(
            Optional.of("jdbc:postgresql://db/vg?user=a&password=topsecret&ssl=true"),
            Path.of("."));
    for (DatabaseSettings settings : new DatabaseSettings[] {fromUri, fromJdbc}) {
      assertFalse(settings.describe().contains("topsecret"), settings.describe());
      assertFalse(settings.toString().contains("topsecret"), settings.toString());
    }
    assertTrue(fromJdbc.describe().contains("ssl=true"));
  }

  @Test
  void otherSchemesAreRefusedClearly() {
    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class,
            () -> DatabaseSettings.from(Optional.of("mysql://x/y"), Path.of(".")));
    assertTrue(refused.getMessage().contains("DATABASE_URL"));
  }

  @Test
  void urlsThatCannotBeParsedAreRefusedWithoutTheirPassword() {
    for (String url :
        new String[] {
          "postgres://app:top secret@db:5432/vg",
          "postgres://app:topsecret@db host/vg",
          "postgres://app:top%zzsecret@db/vg",
          "postgresql://app:topsecret@[db/vg"
        }) {
      IllegalArgumentException refused =
          assertThrows(
              IllegalArgumentException.class,
              () -> DatabaseSettings.from(Optional.of(url), Path.of(".")));
      assertTrue(refused.getMessage().startsWith("DATABASE_URL"), refused.getMessage());
      assertFalse(refused.getMessage().contains("secret"), refused.getMessage());
      assertFalse(String.valueOf(refused.getCause()).contains("secret"), url);
    }
  }
}
