package dev.vibegrapher.identity.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vibegrapher.identity.entity.VerifiedIdentity;
import dev.vibegrapher.support.TestIssuer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The provider's tokens checked against its JWKS, fetched over real HTTP from the test issuer. */
class ProviderTokensTest {

  private TestIssuer issuer;
  private ProviderTokens cut;

  @BeforeEach
  void startIssuer() {
    issuer = TestIssuer.start();
    cut =
        new ProviderTokens(settings(issuer.jwksUrl(), Set.of(TestIssuer.AUDIENCE), Duration.ZERO));
  }

  @AfterEach
  void stopIssuer() {
    issuer.close();
  }

  private ProviderTokens.Settings settings(
      String keyLocation, Set<String> audiences, Duration minRefresh) {
    return new ProviderTokens.Settings(
        keyLocation,
        issuer.issuer(),
        audiences,
        "groups",
        Duration.ofSeconds(60),
        minRefresh.plusMinutes(5),
        minRefresh);
  }

  @Test
  void aTokenTheProviderSignedNamesItsHolderAndGroups() throws InvalidToken {
    VerifiedIdentity rita =
        cut.verify(
            issuer
                .token("u-17")
                .name("Rita Reviewer")
                .email("rita@example.com")
                .groups("vg-reviewers", "staff")
                .signed());

    assertEquals("u-17", rita.subject());
    assertEquals("Rita Reviewer", rita.name());
    assertEquals("rita@example.com", rita.email());
    assertEquals(Set.of("vg-reviewers", "staff"), rita.groups());
    assertTrue(
        rita.expiresAt().isAfter(Instant.now().plusSeconds(3500)), "it holds as long as the token");
  }

  @Test
  void anEmailTheProviderHasNotVerifiedIsNotTaken() throws InvalidToken {
    assertEquals(
        "",
        cut.verify(
                issuer.token("u").email("ceo@example.com").claim("email_verified", false).signed())
            .email());
    assertEquals(
        "rita@example.com",
        cut.verify(
                issuer.token("u").email("rita@example.com").claim("email_verified", true).signed())
            .email());
  }

  @Test
  void aTokenWithoutANameIsNamedByItsUsernameOrSubject() throws InvalidToken {
    assertEquals(
        "rita",
        cut.verify(issuer.token("u-17").claim("preferred_username", "rita").signed()).name());
    assertEquals("u-17", cut.verify(issuer.token("u-17").signed()).name());
  }

  @Test
  void aSingleGroupAsAStringIsOneGroup() throws InvalidToken {
    assertEquals(
        Set.of("admins"),
        cut.verify(issuer.token("u").claim("groups", "admins").signed()).groups());
  }

  @Test
  void everyKindOfBadTokenIsRefused() {
    Instant now = Instant.now();
    assertRefused(issuer.token("u").expiresAt(now.minusSeconds(120)).signed(), "expired");
    assertRefused(issuer.token("u").notBefore(now.plusSeconds(600)).signed(), "not yet valid");
    assertRefused(issuer.token("u").issuer("https://evil.example.com").signed(), "another issuer");
    assertRefused(issuer.token("u").audience("another-app").signed(), "another audience");
    assertRefused(issuer.token("u").unsigned(), "alg none");
    assertRefused(issuer.token("u").hmacWithThePublicKey(), "HS256 with the public key as secret");
    assertRefused(issuer.token("u").signedWithUnknownKey(), "a key not in the JWKS");
    assertRefused(issuer.token("u").claim("groups", 42).signed(), "groups of the wrong type");
    assertRefused("not.a.jwt", "garbage");
    assertRefused("", "empty");
  }

  @Test
  void aTamperedPayloadIsRefused() {
    String[] parts = issuer.token("u").groups("viewer").signed().split("\\.");
    String payload =
        new String(Base64.getUrlDecoder().decode(parts[1])).replace("\"viewer\"", "\"admin\"");
    String forged =
        parts[0]
            + "."
            + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes())
            + "."
            + parts[2];

    assertRefused(forged, "payload changed after signing");
  }

  @Test
  void anExpiryWithinTheClockSkewIsStillAccepted() throws InvalidToken {
    assertEquals(
        "u",
        cut.verify(issuer.token("u").expiresAt(Instant.now().minusSeconds(20)).signed()).subject());
  }

  @Test
  void withoutConfiguredAudiencesAnyAudienceIsAccepted() throws InvalidToken {
    ProviderTokens anyAudience =
        new ProviderTokens(settings(issuer.jwksUrl(), Set.of(), Duration.ZERO));

    assertEquals(
        "u", anyAudience.verify(issuer.token("u").audience("another-app").signed()).subject());
  }

  @Test
  void aKeyRotatedInIsPickedUpWithoutANewVerifier() throws InvalidToken {
    cut.verify(issuer.token("before").signed());
    int fetches = issuer.jwksFetches();
    issuer.rotate();

    assertEquals("after", cut.verify(issuer.token("after").signed()).subject());
    assertEquals(
        fetches + 1, issuer.jwksFetches(), "the unknown key id made the set be fetched again");
    cut.verify(issuer.token("after").signed());
    assertEquals(fetches + 1, issuer.jwksFetches(), "and it is cached again");
  }

  @Test
  void unknownKeyIdsDoNotFetchTheKeySetMoreOftenThanTheMinimumInterval() throws InvalidToken {
    ProviderTokens limited =
        new ProviderTokens(
            settings(issuer.jwksUrl(), Set.of(TestIssuer.AUDIENCE), Duration.ofMinutes(10)));
    limited.verify(issuer.token("u").signed());
    int fetches = issuer.jwksFetches();

    for (int i = 0; i < 5; i++) {
      String forged = issuer.token("u").signedWithUnknownKey();
      assertThrows(InvalidToken.class, () -> limited.verify(forged));
    }
    assertTrue(
        issuer.jwksFetches() <= fetches + 1,
        "an attacker's key ids cannot make us hammer the provider: "
            + (issuer.jwksFetches() - fetches));
  }

  @Test
  void aPemPublicKeyInAFileVerifiesToo(@TempDir Path directory) throws Exception {
    String jwks =
        new String(
            java.net.http.HttpClient.newHttpClient()
                .send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(issuer.jwksUrl()))
                        .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString())
                .body());
    java.security.interfaces.RSAPublicKey key =
        com.nimbusds.jose.jwk.JWKSet.parse(jwks).getKeys().get(0).toRSAKey().toRSAPublicKey();
    Path pem = directory.resolve("provider.pem");
    Files.writeString(
        pem,
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
            + "\n-----END PUBLIC KEY-----\n");
    ProviderTokens fromPem =
        new ProviderTokens(settings(pem.toString(), Set.of(TestIssuer.AUDIENCE), Duration.ZERO));

    assertEquals("u", fromPem.verify(issuer.token("u").signed()).subject());
    assertThrows(
        InvalidToken.class, () -> fromPem.verify(issuer.token("u").signedWithUnknownKey()));
  }

  private void assertRefused(String token, String what) {
    InvalidToken refused = assertThrows(InvalidToken.class, () -> cut.verify(token), what);
    assertTrue(
        !refused.getMessage().contains(token) || token.isEmpty(),
        what + ": the reason never holds the token");
  }
}
