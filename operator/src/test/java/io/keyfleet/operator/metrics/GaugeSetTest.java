package io.keyfleet.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GaugeSetTest {
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final GaugeSet gauges = new GaugeSet(registry, Map.of("g", "a gauge"));

  double value(String fleet) {
    Gauge g = registry.find("g").tag("fleet", fleet).gauge();
    return g == null ? Double.NaN : g.value();
  }

  @Test
  void seriesAreRegisteredUpdatedAndRemovedWithWhatIsSampled() {
    gauges.update(List.of(GaugeSample.of("g", 1, "fleet", "a"), GaugeSample.of("g", 2, "fleet", "b")));
    assertThat(value("a")).isEqualTo(1);
    assertThat(value("b")).isEqualTo(2);
    assertThat(registry.find("g").gauge().getId().getDescription()).isEqualTo("a gauge");

    gauges.update(List.of(GaugeSample.of("g", 5, "fleet", "a")));
    assertThat(value("a")).as("the same series, a new value").isEqualTo(5);
    assertThat(registry.find("g").tag("fleet", "b").gauge()).as("b was deleted: no stale series").isNull();
    assertThat(registry.getMeters()).hasSize(1);

    gauges.update(List.of());
    assertThat(registry.getMeters()).isEmpty();
  }
}
