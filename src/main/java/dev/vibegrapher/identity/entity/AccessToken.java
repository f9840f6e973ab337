package dev.vibegrapher.identity.entity;

import dev.vibegrapher.platform.entity.Ids;
import dev.vibegrapher.platform.entity.TimestampedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A personal access token: acts for its owner, with a role no higher than the owner's when it was
 * made, until it expires or is revoked (deleted). Only the secret's hash is kept.
 */
@Entity
@Table(name = "access_tokens")
@NamedQuery(
    name = AccessToken.BY_SECRET_HASH,
    query = "SELECT t FROM AccessToken t WHERE t.secretHash = :secretHash")
@NamedQuery(
    name = AccessToken.OF_OWNER,
    query =
        "SELECT t FROM AccessToken t WHERE t.ownerSubject = :ownerSubject ORDER BY t.createdAt DESC, t.id")
@NamedQuery(
    name = AccessToken.ALL,
    query = "SELECT t FROM AccessToken t ORDER BY t.createdAt DESC, t.id")
public class AccessToken extends TimestampedEntity {

  public static final String BY_SECRET_HASH = "AccessToken.bySecretHash";
  public static final String OF_OWNER = "AccessToken.ofOwner";
  public static final String ALL = "AccessToken.all";

  /** Recording every use would write a row per request: a minute's precision is enough to audit. */
  public static final Duration LAST_USE_PRECISION = Duration.ofMinutes(1);

  @Id private String id;

  private String name;

  @Enumerated(EnumType.STRING)
  private Role role;

  @Column(name = "secret_hash")
  private String secretHash;

  @Column(name = "owner_subject")
  private String ownerSubject;

  @Column(name = "owner_name")
  private String ownerName;

  @Column(name = "owner_email")
  private String ownerEmail;

  @Column(name = "expires_at")
  private Instant expiresAt;

  @Column(name = "last_used_at")
  private Instant lastUsedAt;

  protected AccessToken() {}

  public AccessToken(String name, Role role, String secretHash, Caller owner, Instant expiresAt) {
    if (!owner.may(role)) {
      throw new IllegalArgumentException("a token's role cannot exceed its creator's");
    }
    this.id = Ids.next();
    this.name = name;
    this.role = role;
    this.secretHash = secretHash;
    this.ownerSubject = owner.subject();
    this.ownerName = owner.name();
    this.ownerEmail = owner.email();
    this.expiresAt = expiresAt;
  }

  public boolean validAt(Instant now) {
    return expiresAt == null || now.isBefore(expiresAt);
  }

  /** Records a use; true when the row changed and must be written. */
  public boolean usedAt(Instant now) {
    if (lastUsedAt != null && Duration.between(lastUsedAt, now).compareTo(LAST_USE_PRECISION) < 0) {
      return false;
    }
    lastUsedAt = now.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    return true;
  }

  /** The caller the token acts as: its owner, with the token's role. */
  public Caller caller() {
    return new Caller(ownerSubject, ownerName, ownerEmail, role);
  }

  public String id() {
    return id;
  }

  public String name() {
    return name;
  }

  public Role role() {
    return role;
  }

  public String secretHash() {
    return secretHash;
  }

  public String ownerSubject() {
    return ownerSubject;
  }

  public String ownerName() {
    return ownerName;
  }

  public Optional<Instant> expiresAt() {
    return Optional.ofNullable(expiresAt);
  }

  public Optional<Instant> lastUsedAt() {
    return Optional.ofNullable(lastUsedAt);
  }
}
