package dev.vibegrapher.identity.control;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What the dashboard is told about logging in follows from the settings, and nobody is locked out.
 */
class IdentitySettingsTest {

  private static IdentitySettings settings(
      String keyLocation, String clientId, String authority, boolean tokenLogin, String bearer) {
    IdentitySettings cut = new IdentitySettings();
    cut.keyLocation = Optional.ofNullable(keyLocation);
    cut.issuer = Optional.of("https://id.example.com/realms/acme");
    cut.audiences = Optional.empty();
    cut.adminToken = Optional.empty();
    cut.clientId = Optional.ofNullable(clientId);
    cut.authority = Optional.ofNullable(authority);
    cut.scope = " openid profile email ";
    cut.bearer = bearer;
    cut.tokenLogin = tokenLogin;
    return cut;
  }

  @Test
  void theProviderLoginNeedsTheProviderAndAClientIdAndFindsTheProviderAtItsIssuerByDefault() {
    IdentitySettings.BrowserLogin login =
        settings("https://id.example.com/jwks", "vibegrapher", null, true, "access_token")
            .browserLogin()
            .orElseThrow();
    assertEquals("https://id.example.com/realms/acme", login.authority());
    assertEquals("vibegrapher", login.clientId());
    assertEquals("openid profile email", login.scope());
    assertEquals(
        "https://login.example.com/acme",
        settings(
                "https://id.example.com/jwks",
                "vibegrapher",
                "https://login.example.com/acme",
                true,
                "access_token")
            .browserLogin()
            .orElseThrow()
            .authority());
    assertTrue(
        settings("https://id.example.com/jwks", " ", null, true, "access_token")
            .browserLogin()
            .isEmpty(),
        "no client id: no provider login");
    assertTrue(
        settings(null, "vibegrapher", null, true, "access_token").browserLogin().isEmpty(),
        "no provider: no provider login");
  }

  @Test
  void theTokenLoginCanBeLeftOutOnlyWhenThereIsAProviderLogin() {
    assertFalse(
        settings("https://id.example.com/jwks", "vibegrapher", null, false, "access_token")
            .tokenLogin());
    assertTrue(
        settings(null, null, null, false, "access_token").tokenLogin(), "or nobody could log in");
  }

  @Test
  void aClientIdWithoutAProviderOrAnUnknownBearerFailsTheStart() {
    assertThrows(
        IllegalStateException.class,
        () -> settings(null, "vibegrapher", null, true, "access_token").checkSettings(null));
    assertThrows(
        IllegalStateException.class,
        () ->
            settings("https://id.example.com/jwks", "vibegrapher", null, true, "refresh_token")
                .checkSettings(null));
    assertDoesNotThrow(
        () ->
            settings("https://id.example.com/jwks", "vibegrapher", null, true, "id_token")
                .checkSettings(null));
  }
}
