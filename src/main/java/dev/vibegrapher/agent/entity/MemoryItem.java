package dev.vibegrapher.agent.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/** One Responses API input item of an agent's memory, kept as the JSON the API takes. */
@Entity
@Table(name = "agent_memory_items")
@IdClass(MemoryItem.Key.class)
@NamedQuery(
    name = MemoryItem.OF_KEY,
    query = "SELECT m FROM MemoryItem m WHERE m.memoryKey = :memoryKey ORDER BY m.position")
@NamedQuery(
    name = MemoryItem.COUNT_OF_KEY,
    query = "SELECT COUNT(m) FROM MemoryItem m WHERE m.memoryKey = :memoryKey")
@NamedQuery(
    name = MemoryItem.LAST_POSITION,
    query = "SELECT MAX(m.position) FROM MemoryItem m WHERE m.memoryKey = :memoryKey")
@NamedQuery(
    name = MemoryItem.DELETE_OF_KEY,
    query = "DELETE FROM MemoryItem m WHERE m.memoryKey = :memoryKey")
@NamedQuery(
    name = MemoryItem.DELETE_FAMILY,
    query =
        "DELETE FROM MemoryItem m WHERE m.memoryKey = :baseKey OR m.memoryKey LIKE :pattern ESCAPE '!'")
@NamedQuery(
    name = MemoryItem.DELETE_BEFORE,
    query = "DELETE FROM MemoryItem m WHERE m.memoryKey = :memoryKey AND m.position < :position")
public class MemoryItem {

  public static final String OF_KEY = "MemoryItem.ofKey";
  public static final String LAST_POSITION = "MemoryItem.lastPosition";
  public static final String COUNT_OF_KEY = "MemoryItem.countOfKey";
  public static final String DELETE_OF_KEY = "MemoryItem.deleteOfKey";
  public static final String DELETE_FAMILY = "MemoryItem.deleteFamily";
  public static final String DELETE_BEFORE = "MemoryItem.deleteBefore";

  @Id
  @Column(name = "memory_key")
  private String memoryKey;

  @Id private long position;

  private String item;

  @Column(name = "created_at")
  private Instant createdAt;

  protected MemoryItem() {}

  public MemoryItem(String memoryKey, long position, String item) {
    this.memoryKey = memoryKey;
    this.position = position;
    this.item = item;
    this.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
  }

  public long position() {
    return position;
  }

  public String item() {
    return item;
  }

  /** Composite key: memory key and position. */
  public static class Key implements Serializable {
    private static final long serialVersionUID = 1L;
    private String memoryKey;
    private long position;

    public Key() {}

    @Override
    public boolean equals(Object other) {
      return other instanceof Key key
          && key.position == position
          && Objects.equals(key.memoryKey, memoryKey);
    }

    @Override
    public int hashCode() {
      return Objects.hash(memoryKey, position);
    }
  }
}
