package io.keyfleet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.keyfleet.api.v1alpha1.identity.UpdateState;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectorReportsTest {
  @Test
  void anApplyCarriesTheIdentityOfTheDeviceAndStatusReportedAlone() {
    var body = new ConnectorReports(null, "ns")
        .body("bench-000001", ConnectorReports.report("2.4.1", UpdateState.Succeeded, "c", 3L, null));
    @SuppressWarnings("unchecked")
    Map<String, Object> json = new KubernetesSerialization().unmarshal(new KubernetesSerialization().asJson(body), Map.class);
    assertThat(json).containsOnlyKeys("apiVersion", "kind", "metadata", "status");
    assertThat(json.get("metadata")).isEqualTo(Map.of("name", "bench-000001", "namespace", "ns"));
    @SuppressWarnings("unchecked")
    Map<String, Object> reported = (Map<String, Object>) ((Map<String, Object>) json.get("status")).get("reported");
    assertThat(reported).containsOnlyKeys("firmwareVersion", "updateState", "campaign", "sequence", "observedAt")
        .containsEntry("updateState", "Succeeded").containsEntry("sequence", 3);
    assertThat(ConnectorReports.FIELD_MANAGER).isEqualTo("keyfleet-connector");
  }
}
