package dev.vibegrapher.identity.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Every spelling of a protected path is recognised as that path (IdentityIT sends them for real).
 */
class BearerAuthenticationTest {

  @Test
  void everySpellingOfAProtectedPathNeedsACaller() {
    for (String raw :
        new String[] {
          "//metrics",
          "/%6detrics",
          "/m/../metrics",
          "//openapi",
          "/./api/projects",
          "/api;x=y/projects",
          "/x/../api/tokens",
          "/%2e%2e/metrics",
          "///ws",
          "//git/x.git/info/refs",
          "/%67it/x.git/info/refs"
        }) {
      assertTrue(
          BearerAuthentication.needsCaller(BearerAuthentication.canonical(raw)),
          raw + " -> " + BearerAuthentication.canonical(raw));
    }
  }

  @Test
  void gitTakesItsTokenAsTheBasicPasswordOfAnyUser() {
    assertEquals(Optional.of("vgp_x"), BearerAuthentication.basicPassword(basic("git:vgp_x")));
    assertEquals(Optional.of("a:b"), BearerAuthentication.basicPassword(basic(":a:b")));
    assertEquals(Optional.empty(), BearerAuthentication.basicPassword(basic("vgp_x")));
    assertEquals(Optional.empty(), BearerAuthentication.basicPassword(basic("git:")));
    assertEquals(Optional.empty(), BearerAuthentication.basicPassword("not base64!"));
    assertTrue(BearerAuthentication.isGit("/git/x.git/info/refs"));
    assertFalse(BearerAuthentication.isGit("/github"));
    assertFalse(BearerAuthentication.isGit("/api/projects/x/files/git/y"));
  }

  private static String basic(String credentials) {
    return Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theDashboardAndHealthStayOpen() {
    for (String raw :
        new String[] {"/", "/index.html", "/js/app.js", "/health/ready", "/css/app.css"}) {
      assertFalse(BearerAuthentication.needsCaller(BearerAuthentication.canonical(raw)), raw);
    }
    assertEquals(
        "/api/projects/x/files/metrics.py",
        BearerAuthentication.canonical("/api/projects/x/files/metrics.py"));
  }

  @Test
  void onlyTheLoginOptionsAreOpenToAnyoneAndOnlyWhenEverySpellingNamesThem() {
    assertTrue(
        BearerAuthentication.openToAnyone(
            "/api/login-options", BearerAuthentication.canonical("/api/login-options")));
    assertTrue(
        BearerAuthentication.openToAnyone(
            "/api/login-options", BearerAuthentication.canonical("//api/./login-options")));
    assertFalse(
        BearerAuthentication.openToAnyone(
            "/api/login-options",
            BearerAuthentication.canonical("/api/login-options/%2e%2e/tokens")));
    assertFalse(
        BearerAuthentication.openToAnyone(
            "/api/tokens", BearerAuthentication.canonical("/api/login-options/../tokens")));
    assertFalse(
        BearerAuthentication.openToAnyone(
            "/api/login-options/x", BearerAuthentication.canonical("/api/login-options/x")));
  }
}
