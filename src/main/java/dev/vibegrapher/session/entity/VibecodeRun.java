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
// Runs to fail: those of an earlier start of this instance (:restarted, which is nobody after its
// start), and any whose lease ran out. This instance's own live runs keep theirs renewed, and
// RunRecovery leaves alone any it is working on even so.
@NamedQuery(
    name = VibecodeRun.ABANDONED,
    query =
        "SELECT r FROM VibecodeRun r WHERE r.status = dev.vibegrapher.session.entity.RunStatus.RUNNING"
            + " AND (r.owner = :restarted OR r.leaseUntil IS NULL OR r.leaseUntil < :now)")
// Taking a run over is conditional, so of all the instances that find it abandoned, exactly one
// fails it.
@NamedQuery(
    name = VibecodeRun.TAKE_OVER,
    query =
        "UPDATE VibecodeRun r SET r.owner = :me, r.leaseUntil = :until WHERE r.id = :id"
            + " AND r.status = dev.vibegrapher.session.entity.RunStatus.RUNNING"
            + " AND (r.owner = :restarted OR r.leaseUntil IS NULL OR r.leaseUntil < :now)")
// A lease is renewed run by run, and only while its owner still holds it: a run another instance
// took over is not renewed, which tells its first owner to stop working on it.
@NamedQuery(
    name = VibecodeRun.RENEW,
    query =
        "UPDATE VibecodeRun r SET r.leaseUntil = :until WHERE r.id = :id AND r.owner = :owner"
            + " AND r.status = dev.vibegrapher.session.entity.RunStatus.RUNNING")
// What works in a session or a project, whichever instance runs it: read while holding the project.
@NamedQuery(
    name = VibecodeRun.WORKING_IN_SESSION,
    query =
        "SELECT r FROM VibecodeRun r WHERE r.sessionId = :sessionId"
            + " AND r.status = dev.vibegrapher.session.entity.RunStatus.RUNNING")
@NamedQuery(
    name = VibecodeRun.WORKING_IN_PROJECT,
    query =
        "SELECT r FROM VibecodeRun r, VibecodeSession s WHERE r.sessionId = s.id"
            + " AND s.projectId = :projectId"
            + " AND r.status = dev.vibegrapher.session.entity.RunStatus.RUNNING")
// A caller's runs working on any instance, for the cap on runs per caller. A run whose lease ran
// out (its instance died) no longer counts, though nobody has failed it yet.
@NamedQuery(
    name = VibecodeRun.COUNT_WORKING_FOR_CALLER,
    query =
        "SELECT COUNT(r) FROM VibecodeRun r WHERE r.callerSubject = :callerSubject"
            + " AND r.status = dev.vibegrapher.session.entity.RunStatus.RUNNING"
            + " AND r.leaseUntil > :now")
public class VibecodeRun extends TimestampedEntity {

  public static final String WORKING_IN_SESSION = "VibecodeRun.workingInSession";
  public static final String WORKING_IN_PROJECT = "VibecodeRun.workingInProject";
  public static final String ABANDONED = "VibecodeRun.abandoned";
  public static final String TAKE_OVER = "VibecodeRun.takeOver";
  public static final String RENEW = "VibecodeRun.renew";
  public static final String COUNT_WORKING_FOR_CALLER = "VibecodeRun.countWorkingForCaller";

  @Id private String id;

  @Column(name = "session_id")
  private String sessionId;

  @Enumerated(EnumType.STRING)
  private RunStatus status;

  private String outcome;
  private String detail;

  @Column(name = "finished_at")
  private Instant finishedAt;

  /** The instance working on the run (InstanceIdentity), while it renews its lease. */
  private String owner;

  @Column(name = "lease_until")
  private Instant leaseUntil;

  /** Whose run it is (their identity's subject): what the cap on runs per caller counts. */
  @Column(name = "caller_subject")
  private String callerSubject;

  protected VibecodeRun() {}

  /** A lease from now: the run's start may have waited for its project longer than a lease. */
  public void leaseUntil(Instant until) {
    this.leaseUntil = until;
  }

  public VibecodeRun(String sessionId, String callerSubject, String owner, Instant leaseUntil) {
    this.id = Ids.next();
    this.sessionId = sessionId;
    this.callerSubject = callerSubject;
    this.status = RunStatus.RUNNING;
    this.owner = owner;
    this.leaseUntil = leaseUntil.truncatedTo(ChronoUnit.MICROS);
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
