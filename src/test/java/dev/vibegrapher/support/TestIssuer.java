package dev.vibegrapher.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test OpenID Connect provider: locally generated RSA keys, its discovery document and its JWKS
 * served over real HTTP on 127.0.0.1, and tokens signed with its current key, as Keycloak, Entra ID
 * or Okta issue them. The documents follow OpenID Connect Discovery 1.0 section 3 (the required
 * provider metadata, at /.well-known/openid-configuration, section 4) and RFC 7517 (a JWK Set holds
 * public keys only). Keys rotate as providers rotate them: a new key is published beside the old
 * one, which is later withdrawn.
 *
 * <p>For a browser it is a real provider of the authorization code flow (RFC 6749 section 4.1,
 * OpenID Connect Core 1.0 section 3.1) for public clients, which must use PKCE with S256 (RFC
 * 7636): /authorize signs in the test user it was given at once (no form), /token exchanges a code
 * once for signed tokens and renews them with rotating refresh tokens (RFC 6749 section 6), and
 * /logout ends the session (OpenID Connect RP-Initiated Logout 1.0). Errors are those of RFC 6749
 * sections 4.1.2.1 and 5.2 and OpenID Connect Core 1.0 section 3.1.2.6, so a client that skips a
 * check meets the refusal a real provider would give.
 */
public final class TestIssuer implements AutoCloseable {

  public static final String AUDIENCE = "vibegrapher";

  private final HttpServer server;
  private final List<RSAKey> published = new ArrayList<>();
  private final AtomicInteger jwksFetches = new AtomicInteger();
  private RSAKey current;
  private final BrowserLogins logins = new BrowserLogins(this);
  private final java.util.concurrent.ExecutorService handlers =
      java.util.concurrent.Executors.newCachedThreadPool();

  private TestIssuer(HttpServer server) {
    this.server = server;
    rotate();
  }

  public static TestIssuer start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      TestIssuer issuer = new TestIssuer(server);
      server.createContext(
          "/.well-known/openid-configuration",
          exchange -> issuer.logins.answer(exchange, 200, issuer.discovery()));
      server.createContext(
          "/jwks",
          exchange -> {
            issuer.jwksFetches.incrementAndGet();
            issuer.logins.answer(exchange, 200, issuer.jwks());
          });
      server.createContext("/authorize", issuer.logins::authorize);
      server.createContext("/token", issuer.logins::token);
      server.createContext("/logout", issuer.logins::logout);
      // Several browsers' requests at once (a page, its token request, a test's own calls).
      server.setExecutor(issuer.handlers);
      server.start();
      return issuer;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The {@code iss} of its tokens, and the base of its discovery document. */
  public String issuer() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public String jwksUrl() {
    return issuer() + "/jwks";
  }

  /**
   * What an app needs to trust this issuer (docs/configuration.md): where its keys are, its name,
   * and the audience its tokens carry.
   */
  public Map<String, String> appSettings() {
    return Map.of(
        "MP_JWT_VERIFY_PUBLICKEY_LOCATION", jwksUrl(),
        "MP_JWT_VERIFY_ISSUER", issuer(),
        "MP_JWT_VERIFY_AUDIENCES", AUDIENCE);
  }

  /** How often the JWKS was fetched: a verifier caches it. */
  public int jwksFetches() {
    return jwksFetches.get();
  }

  /** A new signing key, published beside the ones before it; returns its key id. */
  public synchronized String rotate() {
    try {
      current = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    published.add(current);
    return current.getKeyID();
  }

  /** Withdraws every key but the current one from the JWKS. */
  public synchronized void withdrawOldKeys() {
    published.removeIf(key -> key != current);
  }

  /**
   * The browser logins this provider serves: clients, the test user, sessions and what was issued.
   */
  public BrowserLogins logins() {
    return logins;
  }

  /**
   * A token for this subject, valid for an hour, for our audience; adjust it through the builder.
   */
  public Token token(String subject) {
    return new Token(subject);
  }

  private synchronized String discovery() {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("issuer", issuer());
    document.put("authorization_endpoint", issuer() + "/authorize");
    document.put("token_endpoint", issuer() + "/token");
    document.put("jwks_uri", jwksUrl());
    document.put("end_session_endpoint", issuer() + "/logout");
    document.put("response_types_supported", List.of("code"));
    document.put("response_modes_supported", List.of("query"));
    document.put("grant_types_supported", List.of("authorization_code", "refresh_token"));
    document.put("code_challenge_methods_supported", List.of("S256"));
    document.put("token_endpoint_auth_methods_supported", List.of("none"));
    document.put("scopes_supported", List.of("openid", "profile", "email", "offline_access"));
    document.put("claims_supported", List.of("sub", "name", "email", "groups"));
    document.put("subject_types_supported", List.of("public"));
    document.put("id_token_signing_alg_values_supported", List.of("RS256"));
    return Api.json(document);
  }

  private synchronized String jwks() {
    return new JWKSet(
            published.stream().map(key -> (com.nimbusds.jose.jwk.JWK) key.toPublicJWK()).toList())
        .toString();
  }

  @Override
  public void close() {
    server.stop(0);
    handlers.shutdownNow();
  }

  /** A token being written. */
  public final class Token {
    private final JWTClaimsSet.Builder claims;

    private Token(String subject) {
      Instant issuedAt = Instant.now();
      claims =
          new JWTClaimsSet.Builder()
              .subject(subject)
              .issuer(TestIssuer.this.issuer())
              .audience(AUDIENCE)
              .issueTime(Date.from(issuedAt))
              .expirationTime(Date.from(issuedAt.plus(Duration.ofHours(1))))
              .jwtID(UUID.randomUUID().toString());
    }

    public Token name(String name) {
      claims.claim("name", name);
      return this;
    }

    public Token email(String email) {
      claims.claim("email", email);
      return this;
    }

    public Token groups(String... groups) {
      claims.claim("groups", List.of(groups));
      return this;
    }

    public Token claim(String name, Object value) {
      claims.claim(name, value);
      return this;
    }

    public Token issuer(String issuer) {
      claims.issuer(issuer);
      return this;
    }

    public Token audience(String audience) {
      claims.audience(audience);
      return this;
    }

    public Token expiresAt(Instant expiry) {
      claims.expirationTime(Date.from(expiry));
      return this;
    }

    public Token notBefore(Instant notBefore) {
      claims.notBeforeTime(Date.from(notBefore));
      return this;
    }

    /** Signed with the issuer's current key (RS256), as the provider issues it. */
    public String signed() {
      return signedWith(current());
    }

    /** Signed with a key the issuer never published. */
    public String signedWithUnknownKey() {
      try {
        return signedWith(new RSAKeyGenerator(2048).keyID(current().getKeyID()).generate());
      } catch (JOSEException e) {
        throw new IllegalStateException(e);
      }
    }

    /** {@code alg: none}: no signature at all (RFC 7519 section 6). */
    public String unsigned() {
      return new PlainJWT(
              new PlainHeader.Builder().type(JOSEObjectType.JWT).build(), claims.build())
          .serialize();
    }

    /**
     * HS256 with the issuer's public key as the HMAC secret: the algorithm-confusion attack on
     * verifiers that take the algorithm from the token's header.
     */
    public String hmacWithThePublicKey() {
      try {
        byte[] secret = current().toPublicJWK().toRSAPublicKey().getEncoded();
        SignedJWT jwt =
            new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                    .type(JOSEObjectType.JWT)
                    .keyID(current().getKeyID())
                    .build(),
                claims.build());
        jwt.sign(new MACSigner(pad(secret)));
        return jwt.serialize();
      } catch (JOSEException e) {
        throw new IllegalStateException(e);
      }
    }

    private String signedWith(RSAKey key) {
      try {
        SignedJWT jwt =
            new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                    .type(JOSEObjectType.JWT)
                    .keyID(key.getKeyID())
                    .build(),
                claims.build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
      } catch (JOSEException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** Signs these claims with the current key (RS256), typed as given. */
  synchronized String sign(JWTClaimsSet claims, JOSEObjectType type) {
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256)
                  .type(type)
                  .keyID(current.getKeyID())
                  .build(),
              claims);
      jwt.sign(new RSASSASigner(current));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private synchronized RSAKey current() {
    return current;
  }

  // HS256 needs a secret of at least 256 bits; an encoded RSA public key is longer already.
  private static byte[] pad(byte[] secret) {
    return secret.length >= 32 ? secret : java.util.Arrays.copyOf(secret, 32);
  }
}
