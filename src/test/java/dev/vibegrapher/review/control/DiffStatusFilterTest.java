package dev.vibegrapher.review.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vibegrapher.review.entity.DiffStatus;
import jakarta.ws.rs.BadRequestException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DiffStatusFilterTest {

  @Test
  void everyStatusIsAcceptedAndAnUnknownOneNamesThemAll() {
    for (DiffStatus status : DiffStatus.values()) {
      assertEquals(Optional.of(status), DiffStatusFilter.of(status.wireName()));
    }
    assertEquals(Optional.empty(), DiffStatusFilter.of(" "));
    BadRequestException refused =
        assertThrows(BadRequestException.class, () -> DiffStatusFilter.of("merged"));
    assertEquals(
        "status must be one of evaluator_approved, human_approved, human_rejected, committed,"
            + " reverted.",
        refused.getMessage());
  }
}
