package io.keyfleet.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyfleet.operator.metrics.KeyfleetMetrics.FleetId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyfleetMetricsTest {
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final KeyfleetMetrics metrics = new KeyfleetMetrics(registry);

  double count(String name, String namespace, String fleet) {
    Counter c = registry.find(name).tag("namespace", namespace).tag("fleet", fleet).counter();
    return c == null ? Double.NaN : c.count();
  }

  @Test
  void eachActionCountsForItsFleet() {
    metrics.issued("icu", "pumps");
    metrics.issued("icu", "pumps");
    metrics.renewed("icu", "pumps");
    metrics.rotated("icu", "monitors");
    metrics.revoked("icu", "pumps", 3);
    metrics.revoked("icu", "pumps", 0);
    metrics.manifestPublished("icu", "pumps");
    metrics.manifestSigned("icu", "pumps");
    metrics.registryError("icu", "pumps", RegistryOperation.SIGN);
    assertThat(count(MetricNames.CERTIFICATES_ISSUED, "icu", "pumps")).isEqualTo(2);
    assertThat(count(MetricNames.CERTIFICATES_RENEWED, "icu", "pumps")).isEqualTo(1);
    assertThat(count(MetricNames.CERTIFICATES_ROTATED, "icu", "pumps")).isZero();
    assertThat(count(MetricNames.CERTIFICATES_ROTATED, "icu", "monitors")).isEqualTo(1);
    assertThat(count(MetricNames.CERTIFICATES_REVOKED, "icu", "pumps")).isEqualTo(3);
    assertThat(count(MetricNames.MANIFESTS_PUBLISHED, "icu", "pumps")).isEqualTo(1);
    assertThat(count(MetricNames.MANIFESTS_SIGNED, "icu", "pumps")).isEqualTo(1);
    assertThat(registry.find(MetricNames.REGISTRY_ERRORS).tag("fleet", "pumps").tag("operation", "sign").counter().count()).isEqualTo(1);
    assertThat(registry.find(MetricNames.REGISTRY_ERRORS).tag("fleet", "pumps").tag("operation", "resolve").counter().count()).isZero();
  }

  @Test
  void aFleetInViewHasEveryCounterAtZeroBeforeAnythingHappens() {
    metrics.retain(Set.of(new FleetId("icu", "pumps")));
    for (String name : new String[] {MetricNames.CERTIFICATES_ISSUED, MetricNames.CERTIFICATES_RENEWED, MetricNames.CERTIFICATES_ROTATED,
        MetricNames.CERTIFICATES_REVOKED, MetricNames.MANIFESTS_SIGNED, MetricNames.MANIFESTS_PUBLISHED}) {
      assertThat(count(name, "icu", "pumps")).as(name).isZero();
    }
    assertThat(registry.find(MetricNames.REGISTRY_ERRORS).counters()).extracting(c -> c.getId().getTag("operation"))
        .containsExactlyInAnyOrder("resolve", "publish", "sign");
  }

  @Test
  void aDeletedFleetsCountersGoButAFleetNotYetInViewKeepsItsCounts() {
    metrics.retain(Set.of(new FleetId("icu", "pumps"), new FleetId("ward", "monitors")));
    metrics.issued("icu", "pumps");
    metrics.issued("lab", "new");
    metrics.retain(Set.of(new FleetId("icu", "pumps")));
    assertThat(registry.find(MetricNames.CERTIFICATES_ISSUED).tag("fleet", "monitors").counter()).as("deleted").isNull();
    assertThat(registry.find(MetricNames.REGISTRY_ERRORS).tag("fleet", "monitors").counters()).isEmpty();
    assertThat(count(MetricNames.CERTIFICATES_ISSUED, "icu", "pumps")).isEqualTo(1);
    assertThat(count(MetricNames.CERTIFICATES_ISSUED, "lab", "new")).as("never in view: perhaps not listed yet").isEqualTo(1);
  }
}
