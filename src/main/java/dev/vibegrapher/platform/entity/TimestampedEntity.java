package dev.vibegrapher.platform.entity;

import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.PrePersist;
import jakarta.persistence.PreUpdate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** created_at and updated_at, kept by the persistence lifecycle rather than by each store. */
@MappedSuperclass
public abstract class TimestampedEntity {

  @Column(name = "created_at", nullable = false, updatable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  @PrePersist
  void stampCreation() {
    createdAt = now();
    updatedAt = createdAt;
  }

  @PreUpdate
  void stampUpdate() {
    updatedAt = now();
  }

  // Both databases keep microseconds: truncating here makes what a client saw equal what it reads
  // later.
  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant updatedAt() {
    return updatedAt;
  }
}
