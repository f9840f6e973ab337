package dev.vibegrapher.support;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * The browser side of {@link TestIssuer}: the authorization code flow with PKCE for public clients,
 * refresh tokens that rotate, and logout. Only what a test sets up is accepted: a client id with
 * its exact redirect URIs (RFC 6749 section 3.1.2.2, no partial matching), the one test user it
 * signs in, and each code once.
 */
public final class BrowserLogins {

  /** Who /authorize signs in: the test user at the provider, with the groups the token carries. */
  public record User(String subject, String name, String email, List<String> groups) {}

  /** A token response the provider gave: by which grant, for whom, and until when. */
  public record Issued(String grantType, String subject, String accessToken, Instant expiresAt) {}

  /** What a code or a refresh token stands for. */
  private record Grant(
      String clientId,
      String redirectUri,
      String codeChallenge,
      String nonce,
      String scope,
      User user,
      Instant authTime,
      Instant expiresAt) {}

  // RFC 7636 section 4.1: 43 to 128 characters of the unreserved set.
  private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");
  private static final Duration CODE_LIFETIME = Duration.ofMinutes(1);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final TestIssuer issuer;
  private final Map<String, Set<String>> clients = new ConcurrentHashMap<>();
  private final Map<String, Grant> codes = new ConcurrentHashMap<>();
  private final Map<String, Grant> refreshTokens = new ConcurrentHashMap<>();
  private final List<Issued> issued = new CopyOnWriteArrayList<>();
  private final AtomicInteger logouts = new AtomicInteger();
  private volatile User user;
  private volatile boolean signedIn;
  private volatile Duration accessTokenLifetime = Duration.ofHours(1);
  private volatile boolean issueRefreshTokens = true;

  BrowserLogins(TestIssuer issuer) {
    this.issuer = issuer;
  }

  /**
   * A public client (no secret) with the exact URIs it may be sent back to, after a login or a
   * logout.
   */
  public BrowserLogins client(String clientId, String... redirectUris) {
    clients.put(clientId, Set.of(redirectUris));
    return this;
  }

  /** The person the next /authorize signs in at once, as if they had typed their password. */
  public BrowserLogins user(String subject, String name, String... groups) {
    user = new User(subject, name, subject + "@example.com", List.of(groups));
    return this;
  }

  /** How long the access and ID tokens it issues from now on hold. */
  public BrowserLogins accessTokenLifetime(Duration lifetime) {
    accessTokenLifetime = lifetime;
    return this;
  }

  /** Whether token responses carry a refresh token (some providers give none to browsers). */
  public BrowserLogins refreshTokens(boolean issue) {
    issueRefreshTokens = issue;
    return this;
  }

  /**
   * Ends the person's session at the provider, as an administrator would: refresh tokens stop
   * working.
   */
  public void endSession() {
    signedIn = false;
    refreshTokens.clear();
  }

  /** Every token response so far, oldest first. */
  public List<Issued> issued() {
    return List.copyOf(issued);
  }

  /** How often a client sent the person to /logout. */
  public int logouts() {
    return logouts.get();
  }

  /** Whether the person has a session at the provider. */
  public boolean signedIn() {
    return signedIn;
  }

  /**
   * The authorization endpoint (RFC 6749 section 4.1.1, OpenID Connect Core 1.0 section 3.1.2). An
   * unknown client or a redirect URI not registered for it is answered here and never redirected
   * (RFC 6749 section 4.1.2.1); every other error goes back to the client.
   */
  void authorize(HttpExchange exchange) throws IOException {
    Map<String, String> query = parameters(exchange.getRequestURI().getRawQuery());
    String clientId = query.get("client_id");
    String redirectUri = query.get("redirect_uri");
    if (clientId == null
        || redirectUri == null
        || !clients.getOrDefault(clientId, Set.of()).contains(redirectUri)) {
      answer(
          exchange,
          400,
          "text/plain",
          "unknown client_id, or a redirect_uri not registered for it");
      return;
    }
    String state = query.get("state");
    if (!"code".equals(query.get("response_type"))) {
      redirectError(
          exchange,
          redirectUri,
          "unsupported_response_type",
          "only the authorization code flow",
          state);
    } else if (!List.of(query.getOrDefault("scope", "").split(" ")).contains("openid")) {
      redirectError(
          exchange,
          redirectUri,
          "invalid_scope",
          "an OpenID Connect request has the openid scope",
          state);
    } else if (query.get("code_challenge") == null
        || !"S256".equals(query.get("code_challenge_method"))) {
      // RFC 7636 section 4.4.1: a server that requires PKCE answers invalid_request.
      redirectError(
          exchange,
          redirectUri,
          "invalid_request",
          "PKCE with code_challenge_method S256 is required",
          state);
    } else if ("none".equals(query.get("prompt")) && !signedIn) {
      // OpenID Connect Core 1.0 section 3.1.2.6: no session, and no user interface allowed.
      redirectError(exchange, redirectUri, "login_required", "the person is not signed in", state);
    } else if (user == null) {
      redirectError(exchange, redirectUri, "access_denied", "no test user was set up", state);
    } else {
      signedIn = true;
      String code = random();
      codes.put(
          code,
          new Grant(
              clientId,
              redirectUri,
              query.get("code_challenge"),
              query.get("nonce"),
              query.get("scope"),
              user,
              Instant.now(),
              Instant.now().plus(CODE_LIFETIME)));
      redirect(
          exchange, redirectUri, "code=" + code + (state == null ? "" : "&state=" + encode(state)));
    }
  }

  /**
   * The token endpoint (RFC 6749 sections 3.2, 4.1.3 and 6), which the browser calls from the
   * client's origin (hence CORS). A public client names itself with client_id and proves with the
   * PKCE code_verifier that it is the one that asked for the code.
   */
  void token(HttpExchange exchange) throws IOException {
    if (exchange.getRequestMethod().equals("OPTIONS")) {
      exchange.getResponseHeaders().set("Access-Control-Allow-Methods", "POST");
      exchange
          .getResponseHeaders()
          .set("Access-Control-Allow-Headers", "Content-Type, Authorization");
      answer(exchange, 204, "text/plain", "");
      return;
    }
    if (!exchange.getRequestMethod().equals("POST")) {
      exchange.getResponseHeaders().set("Allow", "POST, OPTIONS");
      answer(exchange, 405, "text/plain", "");
      return;
    }
    Map<String, String> form =
        parameters(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    String grantType = form.get("grant_type");
    String clientId = form.get("client_id");
    if (grantType == null) {
      error(exchange, 400, "invalid_request", "grant_type is missing");
    } else if (clientId == null || !clients.containsKey(clientId)) {
      // RFC 6749 section 5.2: the client is unknown, so it could not be authenticated.
      error(exchange, 401, "invalid_client", "unknown client_id");
    } else if (grantType.equals("authorization_code")) {
      exchangeCode(exchange, form, clientId);
    } else if (grantType.equals("refresh_token")) {
      refresh(exchange, form, clientId);
    } else {
      error(exchange, 400, "unsupported_grant_type", grantType + " is not offered");
    }
  }

  private void exchangeCode(HttpExchange exchange, Map<String, String> form, String clientId)
      throws IOException {
    if (form.get("code") == null
        || form.get("redirect_uri") == null
        || form.get("code_verifier") == null) {
      error(exchange, 400, "invalid_request", "code, redirect_uri and code_verifier are required");
      return;
    }
    // Removed at first sight, so a code works once even when two exchanges race (RFC 6749 section
    // 4.1.2).
    Grant grant = codes.remove(form.get("code"));
    if (grant == null || grant.expiresAt().isBefore(Instant.now())) {
      error(exchange, 400, "invalid_grant", "the code is unknown, used or expired");
    } else if (!grant.clientId().equals(clientId)) {
      error(exchange, 400, "invalid_grant", "the code was issued to another client");
    } else if (!grant.redirectUri().equals(form.get("redirect_uri"))) {
      // RFC 6749 section 4.1.3: identical to the redirect_uri of the authorization request.
      error(
          exchange, 400, "invalid_grant", "redirect_uri differs from the authorization request's");
    } else if (!pkceHolds(form.get("code_verifier"), grant.codeChallenge())) {
      // RFC 7636 section 4.6.
      error(exchange, 400, "invalid_grant", "the code_verifier does not match the code_challenge");
    } else {
      tokens(exchange, "authorization_code", grant);
    }
  }

  private void refresh(HttpExchange exchange, Map<String, String> form, String clientId)
      throws IOException {
    if (form.get("refresh_token") == null) {
      error(exchange, 400, "invalid_request", "refresh_token is required");
      return;
    }
    // Rotation: a refresh token works once; its successor comes with the new tokens.
    Grant grant = refreshTokens.remove(form.get("refresh_token"));
    if (grant == null) {
      error(exchange, 400, "invalid_grant", "the refresh token is unknown, used or revoked");
    } else if (!grant.clientId().equals(clientId)) {
      error(exchange, 400, "invalid_grant", "the refresh token was issued to another client");
    } else {
      tokens(exchange, "refresh_token", grant);
    }
  }

  /** RFC 7636 section 4.6: BASE64URL-ENCODE(SHA256(ASCII(code_verifier))) == code_challenge. */
  static boolean pkceHolds(String verifier, String challenge) {
    if (verifier == null || challenge == null || !VERIFIER.matcher(verifier).matches()) {
      return false;
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return MessageDigest.isEqual(
          Base64.getUrlEncoder().withoutPadding().encode(digest),
          challenge.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The successful token response of RFC 6749 section 5.1, with the ID token of OpenID Connect Core
   * 1.0 section 3.1.3.3.
   */
  private void tokens(HttpExchange exchange, String grantType, Grant grant) throws IOException {
    Instant now = Instant.now();
    Duration lifetime = accessTokenLifetime;
    Instant expiry = now.plus(lifetime);
    User person = grant.user();
    JWTClaimsSet access =
        new JWTClaimsSet.Builder()
            .issuer(issuer.issuer())
            .subject(person.subject())
            .audience(TestIssuer.AUDIENCE)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(expiry))
            .jwtID(UUID.randomUUID().toString())
            .claim("client_id", grant.clientId())
            .claim("scope", grant.scope())
            .claim("name", person.name())
            .claim("email", person.email())
            .claim("groups", person.groups())
            .build();
    JWTClaimsSet.Builder id =
        new JWTClaimsSet.Builder()
            .issuer(issuer.issuer())
            .subject(person.subject())
            .audience(grant.clientId())
            .issueTime(Date.from(now))
            .expirationTime(Date.from(expiry))
            .claim("azp", grant.clientId())
            .claim("auth_time", grant.authTime().getEpochSecond())
            .claim("name", person.name())
            .claim("email", person.email())
            .claim("groups", person.groups());
    if (grant.nonce() != null) {
      id.claim("nonce", grant.nonce());
    }
    String accessToken = issuer.sign(access, new JOSEObjectType("at+jwt"));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("access_token", accessToken);
    body.put("token_type", "Bearer");
    body.put("expires_in", lifetime.toSeconds());
    body.put("id_token", issuer.sign(id.build(), JOSEObjectType.JWT));
    body.put("scope", grant.scope());
    if (issueRefreshTokens) {
      String refreshToken = random();
      refreshTokens.put(refreshToken, grant);
      body.put("refresh_token", refreshToken);
    }
    issued.add(new Issued(grantType, person.subject(), accessToken, expiry));
    // RFC 6749 section 5.1: tokens are never cached.
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.getResponseHeaders().set("Pragma", "no-cache");
    answer(exchange, 200, Api.json(body));
  }

  /**
   * The end-session endpoint (OpenID Connect RP-Initiated Logout 1.0 sections 2 and 3): ends the
   * session and sends the browser back only to a URI registered for a client, with its state.
   */
  void logout(HttpExchange exchange) throws IOException {
    Map<String, String> query = parameters(exchange.getRequestURI().getRawQuery());
    logouts.incrementAndGet();
    endSession();
    String back = query.get("post_logout_redirect_uri");
    if (back != null && clients.values().stream().anyMatch(uris -> uris.contains(back))) {
      String state = query.get("state");
      redirect(exchange, back, state == null ? "" : "state=" + encode(state));
    } else {
      answer(exchange, 200, "text/plain", "You are signed out.");
    }
  }

  /** RFC 6749 section 5.2: a JSON object with error and error_description, never cached. */
  private void error(HttpExchange exchange, int status, String error, String description)
      throws IOException {
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.getResponseHeaders().set("Pragma", "no-cache");
    answer(exchange, status, Api.json(Map.of("error", error, "error_description", description)));
  }

  /** RFC 6749 section 4.1.2.1: the error goes back to the client's redirect URI, with its state. */
  private void redirectError(
      HttpExchange exchange, String redirectUri, String error, String description, String state)
      throws IOException {
    redirect(
        exchange,
        redirectUri,
        "error="
            + error
            + "&error_description="
            + encode(description)
            + (state == null ? "" : "&state=" + encode(state)));
  }

  private void redirect(HttpExchange exchange, String uri, String query) throws IOException {
    String target =
        query.isEmpty() ? uri : uri + (URI.create(uri).getRawQuery() == null ? "?" : "&") + query;
    exchange.getResponseHeaders().set("Location", target);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(302, -1);
    exchange.close();
  }

  void answer(HttpExchange exchange, int status, String json) throws IOException {
    answer(exchange, status, "application/json", json);
  }

  /**
   * Every answer may be read by a registered client's page: the browser reads discovery and tokens
   * cross-origin.
   */
  private void answer(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    String origin = exchange.getRequestHeaders().getFirst("Origin");
    if (origin != null
        && clients.values().stream()
            .flatMap(Set::stream)
            .anyMatch(uri -> origin.equals(origin(uri)))) {
      exchange.getResponseHeaders().set("Access-Control-Allow-Origin", origin);
      exchange.getResponseHeaders().set("Vary", "Origin");
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (var out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static String origin(String uri) {
    URI parsed = URI.create(uri);
    return parsed.getScheme() + "://" + parsed.getRawAuthority();
  }

  private static Map<String, String> parameters(String encoded) {
    Map<String, String> parameters = new LinkedHashMap<>();
    if (encoded == null || encoded.isEmpty()) {
      return parameters;
    }
    for (String pair : encoded.split("&")) {
      int equals = pair.indexOf('=');
      String name =
          URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
      String value =
          equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
      parameters.putIfAbsent(name, value);
    }
    return parameters;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String random() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
