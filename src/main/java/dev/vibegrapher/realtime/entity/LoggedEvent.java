package dev.vibegrapher.realtime.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** One published event, kept so that a reconnecting client can be given what it missed. */
@Entity
@Table(name = "project_events")
@IdClass(LoggedEvent.Key.class)
@NamedQuery(
    name = LoggedEvent.AFTER,
    query =
        "SELECT e FROM LoggedEvent e WHERE e.projectId = :projectId AND e.seq > :seq ORDER BY e.seq")
@NamedQuery(
    name = LoggedEvent.COUNT_BETWEEN,
    query =
        "SELECT COUNT(e) FROM LoggedEvent e WHERE e.projectId = :projectId AND e.seq > :after AND e.seq <= :upTo")
@NamedQuery(
    name = LoggedEvent.LAST_SEQ,
    query = "SELECT MAX(e.seq) FROM LoggedEvent e WHERE e.projectId = :projectId")
@NamedQuery(
    name = LoggedEvent.FIRST_SEQ,
    query = "SELECT MIN(e.seq) FROM LoggedEvent e WHERE e.projectId = :projectId")
// Pruning always keeps a project's newest event: its seq is where numbering continues after a
// restart.
@NamedQuery(
    name = LoggedEvent.PRUNE_OLDER_THAN,
    query =
        "DELETE FROM LoggedEvent e WHERE e.createdAt < :cutoff AND e.seq < (SELECT MAX(n.seq) FROM LoggedEvent n WHERE n.projectId = e.projectId)")
@NamedQuery(
    name = LoggedEvent.PRUNE_BEYOND_COUNT,
    query =
        "DELETE FROM LoggedEvent e WHERE e.seq <= (SELECT MAX(n.seq) FROM LoggedEvent n WHERE n.projectId = e.projectId) - :keep")
public class LoggedEvent {

  public static final String AFTER = "LoggedEvent.after";
  public static final String COUNT_BETWEEN = "LoggedEvent.countBetween";
  public static final String LAST_SEQ = "LoggedEvent.lastSeq";
  public static final String FIRST_SEQ = "LoggedEvent.firstSeq";
  public static final String PRUNE_OLDER_THAN = "LoggedEvent.pruneOlderThan";
  public static final String PRUNE_BEYOND_COUNT = "LoggedEvent.pruneBeyondCount";

  @Id
  @Column(name = "project_id")
  private String projectId;

  @Id private long seq;

  private String type;
  private String data;

  @Column(name = "created_at")
  private Instant createdAt;

  protected LoggedEvent() {}

  public LoggedEvent(String projectId, long seq, String type, String data) {
    this.projectId = projectId;
    this.seq = seq;
    this.type = type;
    this.data = data;
    this.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
  }

  /** The event with its place in the project's numbering; it keeps the time it was published. */
  public LoggedEvent numbered(long newSeq) {
    this.seq = newSeq;
    return this;
  }

  public String projectId() {
    return projectId;
  }

  public long seq() {
    return seq;
  }

  public String type() {
    return type;
  }

  /** The event's data as JSON text. */
  public String data() {
    return data;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public static class Key implements Serializable {
    private String projectId;
    private long seq;

    public Key() {}

    @Override
    public boolean equals(Object other) {
      return other instanceof Key key && key.seq == seq && key.projectId.equals(projectId);
    }

    @Override
    public int hashCode() {
      return projectId.hashCode() * 31 + Long.hashCode(seq);
    }
  }
}
