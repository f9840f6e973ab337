package dev.vibegrapher.platform.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Something that happened once in this installation's life, such as seeding the sample project. */
@Entity
@Table(name = "installation_facts")
public class InstallationFact {

  @Id private String name;

  @Column(name = "recorded_at")
  private Instant recordedAt;

  protected InstallationFact() {}

  public InstallationFact(String name) {
    this.name = name;
    this.recordedAt = Instant.now();
  }
}
