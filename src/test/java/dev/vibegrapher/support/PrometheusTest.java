package dev.vibegrapher.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The scrape reader tells a series at 0 from a series that is not there. */
class PrometheusTest {

  private static final Prometheus SCRAPE =
      Prometheus.parse(
          """
      # TYPE ft_circuitbreaker_opened_total counter
      ft_circuitbreaker_opened_total{method="a.B.respond"} 0
      vibecode_runs_total{outcome="diff"} 2
      vibecode_runs_total{outcome="error"} 0
      """);

  @Test
  void aSeriesAtZeroReadsAsZero() {
    assertEquals(
        0, SCRAPE.value("ft_circuitbreaker_opened_total", Map.of("method", "a.B.respond")));
    assertEquals(2, SCRAPE.value("vibecode_runs_total"), "the samples of a name are summed");
  }

  @Test
  void aMisspelledNameFailsInsteadOfReadingAsZero() {
    AssertionError error =
        assertThrows(
            AssertionError.class,
            () -> SCRAPE.value("ft_circuitbreaker_open_total", Map.of("method", "a.B.respond")));
    assertTrue(error.getMessage().contains("no series of that name at all"), error.getMessage());
  }

  @Test
  void aLabelNoSampleCarriesFailsAndSaysWhichLabelsThereAre() {
    AssertionError error =
        assertThrows(
            AssertionError.class,
            () -> SCRAPE.value("vibecode_runs_total", Map.of("outcome", "errors")));
    assertTrue(error.getMessage().contains("outcome=error"), error.getMessage());
    assertTrue(SCRAPE.find("vibecode_runs_total", Map.of("outcome", "errors")).isEmpty());
  }
}
