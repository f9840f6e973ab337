package dev.vibegrapher.identity.control;

import dev.vibegrapher.identity.entity.AccessToken;
import dev.vibegrapher.identity.entity.Authentication;
import dev.vibegrapher.identity.entity.Caller;
import dev.vibegrapher.identity.entity.Role;
import dev.vibegrapher.identity.entity.VerifiedIdentity;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * From a presented bearer to the caller it stands for: one of our access tokens, the operator's
 * admin token, or a JWT of the organisation's provider whose groups map to a role.
 */
@ApplicationScoped
public class Authenticator {

  /** A caller the provider vouches for, but none of whose groups maps to a role. */
  public static final class NoRole extends Exception {
    private final VerifiedIdentity identity;

    NoRole(VerifiedIdentity identity) {
      super("none of the caller's groups maps to a role", null, false, false);
      this.identity = identity;
    }

    public VerifiedIdentity identity() {
      return identity;
    }
  }

  static final Caller OPERATOR = new Caller("admin", "Administrator", "", Role.ADMIN);

  @Inject IdentitySettings settings;
  @Inject AccessTokens accessTokens;
  @Inject RecognisedBearers recognised;

  private Optional<ProviderTokens> provider;
  private RoleMapping roles;
  private Optional<String> adminTokenHash;

  @PostConstruct
  void configure() {
    provider = settings.provider().map(ProviderTokens::new);
    roles = settings.roleMapping();
    adminTokenHash =
        settings
            .adminToken()
            .filter(token -> token.length() >= IdentitySettings.MIN_ADMIN_TOKEN_LENGTH)
            .map(Secrets::hash);
  }

  public boolean providerConfigured() {
    return provider.isPresent();
  }

  /**
   * One digest of the bearer per request: it is compared with the admin token's and is the cache's
   * key.
   */
  public Authentication authenticate(String bearer) throws InvalidToken, NoRole {
    String hash = Secrets.hash(bearer);
    if (adminTokenHash.isPresent() && Secrets.sameHash(hash, adminTokenHash.get())) {
      return new Authentication(OPERATOR, Optional.empty());
    }
    Instant now = Instant.now();
    Optional<RecognisedBearers.Entry> known = recognised.get(hash, now);
    if (known.isPresent()) {
      recordUse(hash, known.get(), now);
      return known.get().authentication();
    }
    if (bearer.startsWith(Secrets.PREFIX)) {
      AccessToken token =
          accessTokens
              .findByHash(hash, now)
              .orElseThrow(
                  () -> new InvalidToken("no such access token, or it expired or was revoked"));
      Authentication authentication = new Authentication(token.caller(), token.expiresAt());
      if (token.usedAt(now)) {
        accessTokens.recordUse(token.id(), now);
      }
      recognised.put(hash, authentication, token.id(), now);
      return authentication;
    }
    Authentication authentication = fromProvider(bearer);
    recognised.put(hash, authentication, null, now);
    return authentication;
  }

  // An access token's last use is written at most once a minute, however often it is presented.
  private void recordUse(String hash, RecognisedBearers.Entry entry, Instant now) {
    if (entry.accessTokenId() != null
        && Duration.between(entry.useRecordedAt(), now).compareTo(AccessToken.LAST_USE_PRECISION)
            >= 0) {
      accessTokens.recordUse(entry.accessTokenId(), now);
      recognised.update(hash, entry.usedAt(now));
    }
  }

  private Authentication fromProvider(String bearer) throws InvalidToken, NoRole {
    if (provider.isEmpty()) {
      throw new InvalidToken("not an access token, and no identity provider is configured");
    }
    VerifiedIdentity identity = provider.get().verify(bearer);
    Role role = roles.roleOf(identity.groups()).orElseThrow(() -> new NoRole(identity));
    return new Authentication(
        new Caller(identity.subject(), identity.name(), identity.email(), role),
        Optional.of(identity.expiresAt()));
  }
}
