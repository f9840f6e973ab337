package dev.vibegrapher.audit.entity;

import dev.vibegrapher.identity.entity.Caller;
import dev.vibegrapher.platform.entity.Ids;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** One thing a person did, as it was when they did it; never changed once written. */
@Entity
@Table(name = "audit_entries")
public class AuditEntry {

  @Id private String id;

  @Column(name = "occurred_at")
  private Instant occurredAt;

  @Column(name = "actor_subject")
  private String actorSubject;

  @Column(name = "actor_name")
  private String actorName;

  @Column(name = "actor_email")
  private String actorEmail;

  @Column(name = "actor_role")
  private String actorRole;

  @Enumerated(EnumType.STRING)
  private AuditAction action;

  @Column(name = "project_id")
  private String projectId;

  @Column(name = "target_id")
  private String targetId;

  private String summary;

  protected AuditEntry() {}

  public AuditEntry(
      Caller actor, AuditAction action, String projectId, String targetId, String summary) {
    this.id = Ids.next();
    this.occurredAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    this.actorSubject = actor.subject();
    this.actorName = actor.name();
    this.actorEmail = actor.email();
    this.actorRole = actor.role().wireName();
    this.action = action;
    this.projectId = projectId;
    this.targetId = targetId;
    this.summary = summary.length() > 1000 ? summary.substring(0, 997) + "..." : summary;
  }

  public String id() {
    return id;
  }

  public Instant occurredAt() {
    return occurredAt;
  }

  public String actorSubject() {
    return actorSubject;
  }

  public String actorName() {
    return actorName;
  }

  public String actorEmail() {
    return actorEmail;
  }

  public String actorRole() {
    return actorRole;
  }

  public AuditAction action() {
    return action;
  }

  public String projectId() {
    return projectId;
  }

  public String targetId() {
    return targetId;
  }

  public String summary() {
    return summary;
  }
}
