package dev.vibegrapher.session.entity;

import dev.vibegrapher.platform.entity.Ids;
import dev.vibegrapher.platform.entity.TimestampedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** A user's prompt or one step of a run, as a dashboard shows it. */
@Entity
@Table(name = "conversation_messages")
@NamedQuery(
    name = ConversationMessage.OF_SESSION,
    query =
        "SELECT m FROM ConversationMessage m WHERE m.sessionId = :sessionId ORDER BY m.position")
@NamedQuery(
    name = ConversationMessage.LAST_POSITION,
    query = "SELECT MAX(m.position) FROM ConversationMessage m WHERE m.sessionId = :sessionId")
public class ConversationMessage extends TimestampedEntity {

  public static final String OF_SESSION = "ConversationMessage.ofSession";
  public static final String LAST_POSITION = "ConversationMessage.lastPosition";

  @Id private String id;

  @Column(name = "session_id")
  private String sessionId;

  @Column(name = "run_id")
  private String runId;

  private long position;
  private String role;
  private String agent;

  @Column(name = "message_type")
  private String messageType;

  private String content;

  @Column(name = "patch_preview")
  private String patchPreview;

  private Integer iteration;

  @Column(name = "token_usage")
  private String tokenUsage;

  @Column(name = "diff_id")
  private String diffId;

  @Column(name = "last_response_id")
  private String lastResponseId;

  @Column(name = "raw_response")
  private String rawResponse;

  @Column(name = "author_name")
  private String authorName;

  @Column(name = "author_email")
  private String authorEmail;

  protected ConversationMessage() {}

  public ConversationMessage(
      String sessionId,
      String runId,
      long position,
      String role,
      String agent,
      String messageType,
      String content,
      String patchPreview,
      Integer iteration,
      String tokenUsage,
      String diffId,
      String lastResponseId,
      String rawResponse) {
    this.id = Ids.next();
    this.sessionId = sessionId;
    this.runId = runId;
    this.position = position;
    this.role = role;
    this.agent = agent;
    this.messageType = messageType;
    this.content = content;
    this.patchPreview = patchPreview;
    this.iteration = iteration;
    this.tokenUsage = tokenUsage;
    this.diffId = diffId;
    this.lastResponseId = lastResponseId;
    this.rawResponse = rawResponse;
  }

  /** The person who wrote a prompt. */
  public void writtenBy(String name, String email) {
    authorName = name;
    authorEmail = email;
  }

  public String authorName() {
    return authorName;
  }

  public String authorEmail() {
    return authorEmail;
  }

  public String id() {
    return id;
  }

  public String sessionId() {
    return sessionId;
  }

  public String runId() {
    return runId;
  }

  public long position() {
    return position;
  }

  public String role() {
    return role;
  }

  public String agent() {
    return agent;
  }

  public String messageType() {
    return messageType;
  }

  public String content() {
    return content;
  }

  public String patchPreview() {
    return patchPreview;
  }

  public Integer iteration() {
    return iteration;
  }

  public String tokenUsage() {
    return tokenUsage;
  }

  public String diffId() {
    return diffId;
  }

  public String lastResponseId() {
    return lastResponseId;
  }

  public String rawResponse() {
    return rawResponse;
  }
}
