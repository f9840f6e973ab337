package dev.vibegrapher.identity.control;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.vibegrapher.identity.entity.VerifiedIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The one door to the organisation's OpenID Connect provider: checks the JWTs it issues against the
 * keys it publishes, with Nimbus JOSE+JWT (the library Payara's own MicroProfile JWT uses). Only
 * asymmetric signatures are accepted, so neither an unsigned token ({@code alg: none}) nor one
 * signed with HMAC using the public key as the secret gets through. A token signed by a key that is
 * not in the cached key set makes the set be fetched again (at most once per {@code minRefresh}),
 * so keys the provider rotates in are picked up without a restart.
 */
public final class ProviderTokens {

  /**
   * @param keyLocation an http(s) URL of the provider's JWKS, or a file holding a JWKS or a PEM
   *     public key (MicroProfile JWT's {@code mp.jwt.verify.publickey.location})
   * @param issuer the exact {@code iss} required ({@code mp.jwt.verify.issuer})
   * @param audiences one of these must be in {@code aud}; empty: {@code aud} is not checked ({@code
   *     mp.jwt.verify.audiences})
   * @param clockSkew how far {@code exp} and {@code nbf} may be off ({@code
   *     mp.jwt.verify.clock.skew})
   * @param keyCacheTime how long fetched keys are trusted before the set is fetched again
   * @param minRefresh the least time between two fetches of the key set
   */
  public record Settings(
      String keyLocation,
      String issuer,
      Set<String> audiences,
      String groupsClaim,
      Duration clockSkew,
      Duration keyCacheTime,
      Duration minRefresh) {
    public Settings {
      Objects.requireNonNull(keyLocation, "keyLocation");
      Objects.requireNonNull(issuer, "issuer");
      audiences = Set.copyOf(audiences);
    }
  }

  private static final Set<JWSAlgorithm> ASYMMETRIC =
      Set.of(
          JWSAlgorithm.RS256,
          JWSAlgorithm.RS384,
          JWSAlgorithm.RS512,
          JWSAlgorithm.PS256,
          JWSAlgorithm.PS384,
          JWSAlgorithm.PS512,
          JWSAlgorithm.ES256,
          JWSAlgorithm.ES384,
          JWSAlgorithm.ES512);

  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
  private final String groupsClaim;

  public ProviderTokens(Settings settings) {
    this.groupsClaim = settings.groupsClaim();
    // Access tokens come typed "JWT", "at+jwt" (RFC 9068) or untyped, depending on the provider.
    processor.setJWSTypeVerifier(
        new DefaultJOSEObjectTypeVerifier<>(
            JOSEObjectType.JWT,
            new JOSEObjectType("at+jwt"),
            new JOSEObjectType("application/at+jwt"),
            null));
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ASYMMETRIC, keySource(settings)));
    DefaultJWTClaimsVerifier<SecurityContext> claims =
        new DefaultJWTClaimsVerifier<>(
            // Nimbus asks these sets whether they contain null, which immutable sets answer with an
            // exception.
            settings.audiences().isEmpty() ? null : new HashSet<>(settings.audiences()),
            new JWTClaimsSet.Builder().issuer(settings.issuer()).build(),
            new HashSet<>(Set.of("sub", "exp")),
            null);
    claims.setMaxClockSkew((int) settings.clockSkew().toSeconds());
    processor.setJWTClaimsSetVerifier(claims);
  }

  /** Who the token names, if the provider signed it and it holds for us now. */
  public VerifiedIdentity verify(String token) throws InvalidToken {
    JWTClaimsSet claims;
    try {
      claims = processor.process(token, null);
    } catch (ParseException malformed) {
      throw new InvalidToken("not a JWT");
    } catch (BadJOSEException refused) {
      throw new InvalidToken(refused.getMessage());
    } catch (JOSEException unusable) {
      throw new InvalidToken("the signature could not be checked: " + unusable.getMessage());
    }
    String subject = claims.getSubject();
    String name = firstString(claims, "name", "preferred_username", "upn").orElse(subject);
    // An address the provider says it has not verified is one the user typed: it must not become
    // the author of commits that hosting services link to whoever owns that address.
    String email =
        Boolean.FALSE.equals(claims.getClaim("email_verified"))
            ? ""
            : firstString(claims, "email").orElse("");
    return new VerifiedIdentity(
        subject, name, email, groups(claims), claims.getExpirationTime().toInstant());
  }

  private Set<String> groups(JWTClaimsSet claims) throws InvalidToken {
    Object value = claims.getClaim(groupsClaim);
    if (value == null) {
      return Set.of();
    }
    if (value instanceof String single) {
      return Set.of(single);
    }
    if (value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
      Set<String> groups = new LinkedHashSet<>();
      list.forEach(group -> groups.add((String) group));
      return groups;
    }
    throw new InvalidToken(
        "the " + groupsClaim + " claim is neither a string nor a list of strings");
  }

  private static Optional<String> firstString(JWTClaimsSet claims, String... names) {
    for (String name : names) {
      if (claims.getClaim(name) instanceof String value && !value.isBlank()) {
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }

  private static JWKSource<SecurityContext> keySource(Settings settings) {
    String location = settings.keyLocation().strip();
    if (location.startsWith("https://") || location.startsWith("http://")) {
      try {
        return JWKSourceBuilder.<SecurityContext>create(URI.create(location).toURL())
            .cache(settings.keyCacheTime().toMillis(), Duration.ofSeconds(15).toMillis())
            .rateLimited(settings.minRefresh().toMillis())
            .retrying(true)
            .build();
      } catch (MalformedURLException bad) {
        throw new IllegalArgumentException("the key location is not a URL: " + location, bad);
      }
    }
    Path file = location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      if (!text.strip().startsWith("-----BEGIN")) {
        return new ImmutableJWKSet<>(JWKSet.parse(text));
      }
      // A PEM key has no key id, so it answers for whatever key id a token names.
      JWK key = pemKey(text);
      return (selector, context) -> List.of(key);
    } catch (ParseException unusable) {
      throw new IllegalArgumentException(
          "the key file " + file + " is neither a JWKS nor a PEM public key", unusable);
    } catch (IOException unreadable) {
      throw new UncheckedIOException("the key file " + file + " cannot be read", unreadable);
    }
  }

  /** One PEM public key, RSA or EC. */
  static JWK pemKey(String pem) {
    String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    try {
      X509EncodedKeySpec spec = new X509EncodedKeySpec(Base64.getDecoder().decode(base64));
      PublicKey key;
      try {
        key = KeyFactory.getInstance("RSA").generatePublic(spec);
      } catch (GeneralSecurityException notRsa) {
        key = KeyFactory.getInstance("EC").generatePublic(spec);
      }
      if (key instanceof RSAPublicKey rsa) {
        return new RSAKey.Builder(rsa).build();
      }
      ECPublicKey ec = (ECPublicKey) key;
      return new ECKey.Builder(Curve.forECParameterSpec(ec.getParams()), ec).build();
    } catch (GeneralSecurityException | IllegalArgumentException unusable) {
      throw new IllegalArgumentException(
          "the verification key is not a PEM public key: " + unusable.getMessage(), unusable);
    }
  }
}
