package dev.vibegrapher.session.entity;

import dev.vibegrapher.platform.entity.Ids;
import dev.vibegrapher.platform.entity.TimestampedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** One background run of the agents for one user message. */
@Entity
@Table(name = "vibecode_runs")
@NamedQuery(
    name = VibecodeRun.RUNNING,
    query =
        "SELECT r FROM VibecodeRun r WHERE r.status = dev.vibegrapher.session.entity.RunStatus.RUNNING")
public class VibecodeRun extends TimestampedEntity {

  public static final String RUNNING = "VibecodeRun.running";

  @Id private String id;

  @Column(name = "session_id")
  private String sessionId;

  @Enumerated(EnumType.STRING)
  private RunStatus status;

  private String outcome;
  private String detail;

  @Column(name = "finished_at")
  private Instant finishedAt;

  protected VibecodeRun() {}

  public VibecodeRun(String sessionId) {
    this.id = Ids.next();
    this.sessionId = sessionId;
    this.status = RunStatus.RUNNING;
  }

  public void complete(String outcomeName) {
    finish(RunStatus.COMPLETED, outcomeName, null);
  }

  public void fail(String reason) {
    finish(RunStatus.FAILED, "error", reason);
  }

  private void finish(RunStatus newStatus, String outcomeName, String reason) {
    this.status = newStatus;
    this.outcome = outcomeName;
    this.detail = reason;
    this.finishedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
  }

  public String id() {
    return id;
  }

  public String sessionId() {
    return sessionId;
  }

  public RunStatus status() {
    return status;
  }
}
