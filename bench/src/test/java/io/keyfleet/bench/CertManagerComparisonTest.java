package io.keyfleet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyfleet.bench.CertManagerComparison.Phase;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CertManagerComparisonTest {
  static final Phase DEFAULT = new Phase(20, 100);
  static final Phase TUNED = new Phase(40, 120);
  static final Phase THROUGH = new Phase(30, 400);
  static final Phase INTERMEDIATE = new Phase(90, 300);

  @Test
  void ratiosAreTheBuiltinCaOverCertManager() {
    Map<String, Object> c = CertManagerComparison.compare(new Phase(100, 80), DEFAULT, TUNED, THROUGH, INTERMEDIATE);
    assertThat(c).containsEntry("builtinThroughputOverCertManagerDefault", 5.0)
        .containsEntry("builtinThroughputOverCertManagerTuned", 2.5)
        .containsEntry("builtinMemoryOverCertManagerDefault", 0.8)
        .containsEntry("builtinMemoryOverCertManagerTuned", 0.67)
        .containsEntry("throughCertManagerThroughputOverCertManagerTuned", 0.75)
        .containsEntry("throughCertManagerMemoryOverCertManagerTuned", 3.33)
        .containsEntry("intermediateThroughputOverCertManagerTuned", 2.25)
        .containsEntry("intermediateMemoryOverCertManagerTuned", 2.5)
        .containsEntry("goalThroughputOverDefaultMet", true)
        .containsEntry("goalThroughputOverTunedMet", true)
        .containsEntry("goalLessMemoryMet", true);
  }

  @Test
  void aMissIsReportedAsOne() {
    Map<String, Object> c = CertManagerComparison.compare(new Phase(79.9, 101), DEFAULT, TUNED, THROUGH, INTERMEDIATE);
    assertThat(c).containsEntry("goalThroughputOverDefaultMet", false)
        .containsEntry("goalThroughputOverTunedMet", false)
        .containsEntry("goalLessMemoryMet", false);
    // Less memory than the defaults' cert-manager but not than the tuned one's is still a miss.
    assertThat(CertManagerComparison.compare(new Phase(100, 110), DEFAULT, TUNED, THROUGH, INTERMEDIATE)).containsEntry("goalLessMemoryMet", false);
  }

  @Test
  void missingFiguresGiveNoVerdict() {
    Map<String, Object> c = CertManagerComparison.compare(new Phase(100, Double.NaN), new Phase(Double.NaN, 100), TUNED, THROUGH, INTERMEDIATE);
    assertThat(c).containsEntry("builtinThroughputOverCertManagerDefault", null)
        .containsEntry("goalThroughputOverDefaultMet", null)
        .containsEntry("goalLessMemoryMet", null)
        .containsEntry("goalThroughputOverTunedMet", true);
  }
}
