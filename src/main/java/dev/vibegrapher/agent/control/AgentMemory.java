package dev.vibegrapher.agent.control;

import dev.vibegrapher.agent.entity.MemoryItem;
import dev.vibegrapher.agent.openai.Items;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What the Agents SDK's SQLiteSession did, in our database: each agent's conversation items in
 * order per memory key, loaded and sent every turn, bounded by an item count. Trimming drops the
 * oldest items first and cuts only between exchanges: never in the middle of one response's output
 * (a reasoning item and the message or call it produced stay together), never before a tool output
 * whose call was dropped.
 */
// Class-wide: runs read from managed executor threads, where Payara's non-transactional entity
// manager is closed under a second read in the same task.
@ApplicationScoped
@Transactional
public class AgentMemory {

  @PersistenceContext EntityManager entityManager;

  @Inject
  @ConfigProperty(name = "vibegrapher.memory.max-items")
  int maxItems;

  public static String evaluatorKey(String coderKey) {
    return coderKey + "_evaluator";
  }

  public List<String> load(String memoryKey) {
    return entityManager
        .createNamedQuery(MemoryItem.OF_KEY, MemoryItem.class)
        .setParameter("memoryKey", memoryKey)
        .getResultList()
        .stream()
        .map(MemoryItem::item)
        .toList();
  }

  public void append(String memoryKey, List<String> items) {
    if (items.isEmpty()) {
      return;
    }
    Long last =
        entityManager
            .createNamedQuery(MemoryItem.LAST_POSITION, Long.class)
            .setParameter("memoryKey", memoryKey)
            .getSingleResult();
    long position = last == null ? 0 : last + 1;
    for (String item : items) {
      entityManager.persist(new MemoryItem(memoryKey, position++, item));
    }
    entityManager.flush();
    trim(memoryKey);
  }

  /**
   * Clears a key and every key made from it by appending "_..." (node sessions, the evaluator's).
   */
  public void clearFamily(String baseKey) {
    String escaped = baseKey.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    entityManager
        .createNamedQuery(MemoryItem.DELETE_FAMILY)
        .setParameter("baseKey", baseKey)
        .setParameter("pattern", escaped + "!_%")
        .executeUpdate();
  }

  public void clear(String memoryKey) {
    entityManager
        .createNamedQuery(MemoryItem.DELETE_OF_KEY)
        .setParameter("memoryKey", memoryKey)
        .executeUpdate();
  }

  // Appends happen on every step of every run: the items are read only when there are too many.
  private void trim(String memoryKey) {
    long count =
        entityManager
            .createNamedQuery(MemoryItem.COUNT_OF_KEY, Long.class)
            .setParameter("memoryKey", memoryKey)
            .getSingleResult();
    if (count <= maxItems) {
      return;
    }
    List<MemoryItem> stored =
        entityManager
            .createNamedQuery(MemoryItem.OF_KEY, MemoryItem.class)
            .setParameter("memoryKey", memoryKey)
            .getResultList();
    if (stored.size() <= maxItems) {
      return;
    }
    int firstKept = firstKept(stored.stream().map(MemoryItem::item).toList(), maxItems);
    long keepFrom = firstKept < stored.size() ? stored.get(firstKept).position() : Long.MAX_VALUE;
    entityManager
        .createNamedQuery(MemoryItem.DELETE_BEFORE)
        .setParameter("memoryKey", memoryKey)
        .setParameter("position", keepFrom)
        .executeUpdate();
  }

  /**
   * Where the kept part of too many items starts: at most maxItems from the end, moved later past
   * what would start mid-exchange. The API refuses a tool output without its call, and an output
   * item without the reasoning item it was produced with: the kept part starts neither with a tool
   * output nor inside one response's output.
   */
  static int firstKept(List<String> items, int maxItems) {
    int first = Math.max(0, items.size() - maxItems);
    while (first > 0
        && first < items.size()
        && startsMidExchange(items.get(first - 1), items.get(first))) {
      first++;
    }
    return first;
  }

  private static boolean startsMidExchange(String dropped, String item) {
    return Items.isFunctionCallOutput(item)
        || (Items.isModelOutput(item) && Items.isModelOutput(dropped));
  }
}
