package io.keyfleet.connector;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.keyfleet.api.v1alpha1.identity.UpdateState;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpdateReporterTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);

  @SuppressWarnings("unchecked")
  static Map<String, Object> json(Object body) {
    KubernetesSerialization s = new KubernetesSerialization();
    return s.unmarshal(s.asJson(body), Map.class);
  }

  @Test
  void anApplyCarriesTheDevicesIdentityAndStatusReportedAlone() {
    var reporter = new UpdateReporter(null, "icu", CLOCK);
    Map<String, Object> json = json(UpdateReporter.body("icu", "pump-1", reporter.report("2.4.1", UpdateState.Succeeded, "x2", 7L, null)));
    assertThat(json).containsOnlyKeys("apiVersion", "kind", "metadata", "status");
    assertThat(json.get("metadata")).isEqualTo(Map.of("name", "pump-1", "namespace", "icu"));
    assertThat(json.get("status")).isEqualTo(Map.of("reported", Map.of("firmwareVersion", "2.4.1", "updateState", "Succeeded",
        "campaign", "x2", "sequence", 7, "observedAt", "2026-06-01T12:00:00Z")));
    assertThat(UpdateReporter.FIELD_MANAGER).isEqualTo("keyfleet-connector");
  }

  @Test
  void aRejectionNamesItsReason() {
    var verdict = Verdict.refuse(Refusal.NOT_NEWER, "sequence 6 is not greater than the installed 7");
    var reported = new UpdateReporter(null, "icu", CLOCK).report("2.4.1", UpdateState.Rejected, "x2", 6L,
        verdict.refusal().map(r -> r.name() + ": ").orElse("") + verdict.message());
    assertThat(reported.getMessage()).isEqualTo("NOT_NEWER: sequence 6 is not greater than the installed 7");
  }
}
