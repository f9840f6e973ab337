package dev.vibegrapher.identity.control;

import dev.vibegrapher.audit.control.AuditLog;
import dev.vibegrapher.audit.entity.AuditAction;
import dev.vibegrapher.identity.entity.AccessToken;
import dev.vibegrapher.identity.entity.Caller;
import dev.vibegrapher.identity.entity.Role;
import dev.vibegrapher.platform.boundary.ProblemException;
import dev.vibegrapher.platform.control.InstallationFacts;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Personal access tokens: made, listed, revoked, and recognised when presented. */
@ApplicationScoped
public class AccessTokens {

  /** A token just made, with its secret: the only moment the secret exists outside the caller. */
  public record Issued(AccessToken token, String secret) {}

  @PersistenceContext EntityManager em;
  @Inject InstallationFacts facts;
  @Inject AuditLog audit;
  @Inject RecognisedBearers recognised;
  @Resource TransactionSynchronizationRegistry transactions;

  /**
   * A token for its creator, living no longer than the credential it was made with: a short-lived
   * JWT or access token cannot mint a lasting one (a missing or later expiry becomes the
   * creator's).
   */
  @Transactional
  public Issued issue(
      Caller owner,
      Optional<Instant> creatorsExpiry,
      String name,
      Role role,
      Instant requestedExpiry) {
    Instant expiresAt = requestedExpiry;
    if (creatorsExpiry.isPresent()
        && (expiresAt == null || expiresAt.isAfter(creatorsExpiry.get()))) {
      expiresAt = creatorsExpiry.get();
    }
    return issue(owner, name, role, expiresAt);
  }

  private Issued issue(Caller owner, String name, Role role, Instant expiresAt) {
    if (!owner.may(role)) {
      throw new ProblemException(
          Response.Status.FORBIDDEN,
          "role-too-high",
          "A token's role cannot exceed yours (" + owner.role().wireName() + ").",
          Map.of("role_needed", role.wireName()));
    }
    if (expiresAt != null && !expiresAt.isAfter(Instant.now())) {
      throw new ProblemException(
          Response.Status.BAD_REQUEST,
          "expiry-in-the-past",
          "expires_at must be in the future.",
          Map.of());
    }
    String secret = Secrets.newSecret();
    AccessToken token = new AccessToken(name, role, Secrets.hash(secret), owner, expiresAt);
    em.persist(token);
    audit.record(
        owner,
        AuditAction.TOKEN_CREATED,
        null,
        token.id(),
        "Created access token "
            + name
            + " ("
            + role.wireName()
            + ")"
            + (expiresAt == null ? "" : ", expiring " + expiresAt));
    return new Issued(token, secret);
  }

  /**
   * Issues a token unless the named installation fact says one was issued already, recording the
   * fact in the same transaction. Reads outside a transaction on the start-up thread can meet a
   * persistence context the container already closed, so the check is inside.
   */
  @Transactional
  public Optional<Issued> issueOnce(String fact, Caller owner, String name, Role role) {
    if (facts.isRecorded(fact)) {
      return Optional.empty();
    }
    facts.record(fact);
    return Optional.of(issue(owner, name, role, null));
  }

  /** The live token whose secret has this hash, if any. */
  public Optional<AccessToken> findByHash(String secretHash, Instant now) {
    return em.createNamedQuery(AccessToken.BY_SECRET_HASH, AccessToken.class)
        .setParameter("secretHash", secretHash)
        .getResultStream()
        .findFirst()
        .filter(token -> token.validAt(now));
  }

  /** Records a use of the token, to the minute (the row is written at most once a minute). */
  @Transactional
  public void recordUse(String id, Instant now) {
    AccessToken token = em.find(AccessToken.class, id);
    if (token != null) {
      token.usedAt(now);
    }
  }

  /** The caller's own tokens; an admin's list holds everyone's. */
  public List<AccessToken> visibleTo(Caller caller) {
    if (caller.may(Role.ADMIN)) {
      return em.createNamedQuery(AccessToken.ALL, AccessToken.class).getResultList();
    }
    return em.createNamedQuery(AccessToken.OF_OWNER, AccessToken.class)
        .setParameter("ownerSubject", caller.subject())
        .getResultList();
  }

  /**
   * Revokes at once: the next call with it is refused. Another's token is not found unless the
   * caller is an admin.
   */
  @Transactional
  public void revoke(Caller caller, String id) {
    AccessToken token = em.find(AccessToken.class, id);
    if (token == null
        || !(caller.may(Role.ADMIN) || token.ownerSubject().equals(caller.subject()))) {
      throw new NotFoundException("No access token with id " + id + ".");
    }
    em.remove(token);
    audit.record(
        caller,
        AuditAction.TOKEN_REVOKED,
        null,
        id,
        "Revoked access token " + token.name() + " of " + token.ownerName());
    String hash = token.secretHash();
    // After the commit: a request before it still finds the row, and would put it back in the
    // cache.
    transactions.registerInterposedSynchronization(
        new Synchronization() {
          @Override
          public void beforeCompletion() {}

          @Override
          public void afterCompletion(int status) {
            recognised.forget(hash);
          }
        });
  }
}
