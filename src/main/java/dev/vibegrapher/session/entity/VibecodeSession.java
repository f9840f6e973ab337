package dev.vibegrapher.session.entity;

import dev.vibegrapher.platform.entity.Ids;
import dev.vibegrapher.platform.entity.TimestampedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * A conversation with the agents about a whole project ("global") or one node of it. Its key names
 * the coder's memory; the evaluator's memory is the key + "_evaluator".
 */
@Entity
@Table(name = "vibecode_sessions")
@NamedQuery(
    name = VibecodeSession.BY_KEY,
    query = "SELECT s FROM VibecodeSession s WHERE s.openaiSessionKey = :key")
@NamedQuery(
    name = VibecodeSession.OF_PROJECT,
    query =
        "SELECT s FROM VibecodeSession s WHERE s.projectId = :projectId ORDER BY s.createdAt, s.id")
public class VibecodeSession extends TimestampedEntity {

  public static final String BY_KEY = "VibecodeSession.byKey";
  public static final String OF_PROJECT = "VibecodeSession.ofProject";
  public static final String GLOBAL = "global";
  public static final String NODE = "node";

  @Id private String id;

  @Column(name = "project_id")
  private String projectId;

  @Column(name = "openai_session_key")
  private String openaiSessionKey;

  @Column(name = "session_type")
  private String sessionType;

  @Column(name = "node_id")
  private String nodeId;

  // Null: the project's checked-out branch, whichever it is when a message is sent.
  private String branch;

  protected VibecodeSession() {}

  public VibecodeSession(
      String projectId, String projectSlug, String sessionType, String nodeId, String branch) {
    this.id = Ids.next();
    this.projectId = projectId;
    this.sessionType = sessionType;
    this.nodeId = nodeId;
    this.openaiSessionKey = keyOf(projectSlug, nodeId);
    this.branch = branch;
  }

  public static String keyOf(String projectSlug, String nodeId) {
    return nodeId == null ? "project_" + projectSlug : "project_" + projectSlug + "_node_" + nodeId;
  }

  public String id() {
    return id;
  }

  public String projectId() {
    return projectId;
  }

  public String openaiSessionKey() {
    return openaiSessionKey;
  }

  public String sessionType() {
    return sessionType;
  }

  public String nodeId() {
    return nodeId;
  }

  public String branch() {
    return branch;
  }
}
