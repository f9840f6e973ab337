package dev.vibegrapher.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vibegrapher.identity.control.ProviderTokens;
import dev.vibegrapher.identity.entity.VerifiedIdentity;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The test provider refuses what a real one refuses, so the browser tests that log in through it
 * prove the dashboard does PKCE right: a skipped check here would let a broken client pass there.
 */
class TestIssuerTest {

  private static final String CLIENT = "dashboard";
  private static final String BACK = "http://127.0.0.1:1/";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private TestIssuer cut;

  @BeforeEach
  void start() {
    cut = TestIssuer.start();
    cut.logins().client(CLIENT, BACK).user("u-rita", "Rita Reviewer", "vg-reviewers");
  }

  @AfterEach
  void stop() {
    cut.close();
  }

  @Test
  void theRfc7636ExampleVerifierMatchesItsChallengeAndNothingElseDoes() {
    // RFC 7636 appendix B.
    assertTrue(
        BrowserLogins.pkceHolds(
            "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"));
    assertFalse(
        BrowserLogins.pkceHolds(
            "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXl",
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"));
    assertFalse(
        BrowserLogins.pkceHolds(
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"),
        "the challenge itself is not a verifier of itself (the plain method is not offered)");
    assertFalse(
        BrowserLogins.pkceHolds("short", challenge("short")), "under 43 characters is no verifier");
    assertFalse(BrowserLogins.pkceHolds(null, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"));
  }

  @Test
  void aCodeIsExchangedOnceWithTheRightVerifierForTokensOurServerAccepts() throws Exception {
    String verifier = "v".repeat(20) + "-._~" + "0123456789abcdefghij";
    String code = authorize(challenge(verifier), "the-state");

    JsonNode tokens =
        tokenRequest(
            Map.of(
                "grant_type",
                "authorization_code",
                "code",
                code,
                "redirect_uri",
                BACK,
                "client_id",
                CLIENT,
                "code_verifier",
                verifier));
    assertEquals("Bearer", tokens.get("token_type").asText());
    assertTrue(tokens.get("expires_in").asLong() > 0);
    VerifiedIdentity identity = verifier().verify(tokens.get("access_token").asText());
    assertEquals("u-rita", identity.subject());
    assertEquals("Rita Reviewer", identity.name());
    assertEquals(Set.of("vg-reviewers"), identity.groups());
    assertEquals(
        List.of("authorization_code"),
        cut.logins().issued().stream().map(BrowserLogins.Issued::grantType).toList());

    HttpResponse<String> again =
        post(
            Map.of(
                "grant_type",
                "authorization_code",
                "code",
                code,
                "redirect_uri",
                BACK,
                "client_id",
                CLIENT,
                "code_verifier",
                verifier));
    assertEquals(400, again.statusCode());
    assertEquals(
        "invalid_grant", JSON.readTree(again.body()).get("error").asText(), "a code works once");
  }

  @Test
  void aWrongOrMissingVerifierAnotherRedirectUriOrAnotherClientIsRefusedAsRfc6749Says()
      throws Exception {
    String verifier = "a".repeat(43);
    Map<String, Map<String, String>> wrong = new LinkedHashMap<>();
    wrong.put("another verifier", Map.of("code_verifier", "b".repeat(43)));
    wrong.put("the challenge as the verifier", Map.of("code_verifier", challenge(verifier)));
    wrong.put("another redirect_uri", Map.of("redirect_uri", "http://127.0.0.1:2/"));
    for (Map.Entry<String, Map<String, String>> attempt : wrong.entrySet()) {
      Map<String, String> form =
          new LinkedHashMap<>(
              Map.of(
                  "grant_type",
                  "authorization_code",
                  "code",
                  authorize(challenge(verifier), null),
                  "redirect_uri",
                  BACK,
                  "client_id",
                  CLIENT,
                  "code_verifier",
                  verifier));
      form.putAll(attempt.getValue());
      HttpResponse<String> refused = post(form);
      assertEquals(400, refused.statusCode(), attempt.getKey());
      assertEquals(
          "invalid_grant", JSON.readTree(refused.body()).get("error").asText(), attempt.getKey());
      assertEquals(
          "no-store", refused.headers().firstValue("Cache-Control").orElse(""), attempt.getKey());
      assertTrue(
          refused.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    }
    HttpResponse<String> noVerifier =
        post(
            Map.of(
                "grant_type",
                "authorization_code",
                "code",
                authorize(challenge(verifier), null),
                "redirect_uri",
                BACK,
                "client_id",
                CLIENT));
    assertEquals("invalid_request", JSON.readTree(noVerifier.body()).get("error").asText());
    HttpResponse<String> stranger =
        post(
            Map.of(
                "grant_type",
                "authorization_code",
                "code",
                authorize(challenge(verifier), null),
                "redirect_uri",
                BACK,
                "client_id",
                "someone-else",
                "code_verifier",
                verifier));
    assertEquals(401, stranger.statusCode());
    assertEquals("invalid_client", JSON.readTree(stranger.body()).get("error").asText());
    assertEquals(
        "unsupported_grant_type",
        JSON.readTree(post(Map.of("grant_type", "password", "client_id", CLIENT)).body())
            .get("error")
            .asText());
    assertEquals(List.of(), cut.logins().issued(), "no token was issued");
  }

  @Test
  void anAuthorizationRequestWithoutPkceOrFromAnUnregisteredRedirectIsRefused() throws Exception {
    HttpResponse<String> noPkce =
        get(
            "/authorize?response_type=code&scope=openid&client_id="
                + CLIENT
                + "&redirect_uri="
                + encode(BACK)
                + "&state=s1");
    Map<String, String> back = query(noPkce.headers().firstValue("Location").orElseThrow());
    assertEquals("invalid_request", back.get("error"));
    assertEquals("s1", back.get("state"));
    HttpResponse<String> elsewhere =
        get(
            "/authorize?response_type=code&scope=openid&client_id="
                + CLIENT
                + "&redirect_uri="
                + encode("https://evil.example.com/")
                + "&code_challenge="
                + challenge("a".repeat(43))
                + "&code_challenge_method=S256");
    assertEquals(
        400, elsewhere.statusCode(), "never sent to a redirect URI that was not registered");
    assertTrue(elsewhere.headers().firstValue("Location").isEmpty());
    HttpResponse<String> plain =
        get(
            "/authorize?response_type=code&scope=openid&client_id="
                + CLIENT
                + "&redirect_uri="
                + encode(BACK)
                + "&code_challenge="
                + "a".repeat(43)
                + "&code_challenge_method=plain");
    assertEquals(
        "invalid_request",
        query(plain.headers().firstValue("Location").orElseThrow()).get("error"));
  }

  @Test
  void refreshTokensRotateAndStopWhenTheSessionEnds() throws Exception {
    String verifier = "c".repeat(64);
    JsonNode first =
        tokenRequest(
            Map.of(
                "grant_type",
                "authorization_code",
                "code",
                authorize(challenge(verifier), null),
                "redirect_uri",
                BACK,
                "client_id",
                CLIENT,
                "code_verifier",
                verifier));
    JsonNode second =
        tokenRequest(
            Map.of(
                "grant_type",
                "refresh_token",
                "refresh_token",
                first.get("refresh_token").asText(),
                "client_id",
                CLIENT));
    assertFalse(second.get("refresh_token").asText().equals(first.get("refresh_token").asText()));
    assertEquals("u-rita", verifier().verify(second.get("access_token").asText()).subject());
    assertEquals(
        "invalid_grant",
        JSON.readTree(
                post(Map.of(
                        "grant_type",
                        "refresh_token",
                        "refresh_token",
                        first.get("refresh_token").asText(),
                        "client_id",
                        CLIENT))
                    .body())
            .get("error")
            .asText(),
        "a used refresh token is refused");

    HttpResponse<String> logout =
        get("/logout?post_logout_redirect_uri=" + encode(BACK) + "&state=bye");
    assertEquals(302, logout.statusCode());
    assertEquals(BACK + "?state=bye", logout.headers().firstValue("Location").orElseThrow());
    assertEquals(1, cut.logins().logouts());
    assertEquals(
        "invalid_grant",
        JSON.readTree(
                post(Map.of(
                        "grant_type",
                        "refresh_token",
                        "refresh_token",
                        second.get("refresh_token").asText(),
                        "client_id",
                        CLIENT))
                    .body())
            .get("error")
            .asText(),
        "the session ended");
    HttpResponse<String> silent =
        get(
            "/authorize?response_type=code&scope=openid&prompt=none&client_id="
                + CLIENT
                + "&redirect_uri="
                + encode(BACK)
                + "&code_challenge="
                + challenge(verifier)
                + "&code_challenge_method=S256");
    assertEquals(
        "login_required",
        query(silent.headers().firstValue("Location").orElseThrow()).get("error"));
  }

  @Test
  void theDiscoveryDocumentNamesTheEndpointsAndOnlyS256() throws Exception {
    HttpResponse<String> reply =
        http.send(
            HttpRequest.newBuilder(URI.create(cut.issuer() + "/.well-known/openid-configuration"))
                .header("Origin", "http://127.0.0.1:1")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode discovery = JSON.readTree(reply.body());
    assertEquals(cut.issuer(), discovery.get("issuer").asText());
    assertEquals(cut.issuer() + "/logout", discovery.get("end_session_endpoint").asText());
    assertEquals("[\"S256\"]", discovery.get("code_challenge_methods_supported").toString());
    assertEquals(
        "http://127.0.0.1:1",
        reply.headers().firstValue("Access-Control-Allow-Origin").orElseThrow(),
        "the client's page may read it");
    HttpResponse<String> foreign =
        http.send(
            HttpRequest.newBuilder(URI.create(cut.issuer() + "/.well-known/openid-configuration"))
                .header("Origin", "https://evil.example.com")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertTrue(
        foreign.headers().firstValue("Access-Control-Allow-Origin").isEmpty(),
        "another site's page may not");
  }

  private String authorize(String challenge, String state)
      throws IOException, InterruptedException {
    HttpResponse<String> reply =
        get(
            "/authorize?response_type=code&scope="
                + encode("openid profile")
                + "&client_id="
                + CLIENT
                + "&redirect_uri="
                + encode(BACK)
                + "&code_challenge="
                + challenge
                + "&code_challenge_method=S256&nonce=n1"
                + (state == null ? "" : "&state=" + state));
    assertEquals(302, reply.statusCode(), reply.body());
    String location = reply.headers().firstValue("Location").orElseThrow();
    assertTrue(location.startsWith(BACK + "?"), location);
    Map<String, String> back = query(location);
    assertEquals(state, back.get("state"));
    assertNull(back.get("error"), location);
    return back.get("code");
  }

  private JsonNode tokenRequest(Map<String, String> form) throws IOException, InterruptedException {
    HttpResponse<String> reply = post(form);
    assertEquals(200, reply.statusCode(), reply.body());
    assertEquals("no-store", reply.headers().firstValue("Cache-Control").orElse(""));
    return JSON.readTree(reply.body());
  }

  private HttpResponse<String> post(Map<String, String> form)
      throws IOException, InterruptedException {
    String body =
        form.entrySet().stream()
            .map(entry -> encode(entry.getKey()) + "=" + encode(entry.getValue()))
            .collect(Collectors.joining("&"));
    return http.send(
        HttpRequest.newBuilder(URI.create(cut.issuer() + "/token"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(cut.issuer() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private ProviderTokens verifier() {
    return new ProviderTokens(
        new ProviderTokens.Settings(
            cut.jwksUrl(),
            cut.issuer(),
            Set.of(TestIssuer.AUDIENCE),
            "groups",
            Duration.ofSeconds(60),
            Duration.ofMinutes(5),
            Duration.ZERO));
  }

  private static Map<String, String> query(String uri) {
    Map<String, String> parameters = new LinkedHashMap<>();
    String raw = URI.create(uri).getRawQuery();
    for (String pair : raw == null ? new String[0] : raw.split("&")) {
      int equals = pair.indexOf('=');
      parameters.put(
          pair.substring(0, equals),
          URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
    }
    return parameters;
  }

  private static String challenge(String verifier) {
    try {
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(
              MessageDigest.getInstance("SHA-256")
                  .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
