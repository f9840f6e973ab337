package dev.vibegrapher.platform.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdsTest {

  @Test
  void idsAreDistinctVersionFourUuids() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      String id = Ids.next();
      UUID parsed = UUID.fromString(id);
      assertEquals(4, parsed.version());
      assertEquals(2, parsed.variant());
      assertEquals(id, parsed.toString());
      seen.add(id);
    }
    assertEquals(100_000, seen.size());
  }
}
