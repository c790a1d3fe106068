package io.keyfleet.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyfleet.api.v1alpha1.DeviceFleet;
import io.keyfleet.api.v1alpha1.DeviceFleetStatus;
import io.keyfleet.api.v1alpha1.fleet.CrlStatus;
import io.keyfleet.api.v1alpha1.fleet.DeviceCounts;
import io.keyfleet.operator.testing.Resources;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FleetSamplesTest {
  static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");

  static DeviceFleet fleet(String thisUpdate, String nextUpdate, Long entries) {
    DeviceFleet fleet = Resources.fleet("icu", "pumps", "standard");
    if (thisUpdate != null || nextUpdate != null || entries != null) {
      DeviceFleetStatus status = new DeviceFleetStatus();
      CrlStatus crl = new CrlStatus();
      crl.setThisUpdate(thisUpdate);
      crl.setNextUpdate(nextUpdate);
      crl.setEntries(entries);
      status.setCrl(crl);
      fleet.setStatus(status);
    }
    return fleet;
  }

  static DeviceCounts counts(long total, long ready, long renewalDue, long expiringSoon, long revoked, long failed) {
    DeviceCounts c = new DeviceCounts();
    c.setTotal(total);
    c.setReady(ready);
    c.setRenewalDue(renewalDue);
    c.setExpiringSoon(expiringSoon);
    c.setRevoked(revoked);
    c.setFailed(failed);
    return c;
  }

  static Map<String, Double> byName(List<GaugeSample> samples, String name, String label) {
    return samples.stream().filter(s -> s.name().equals(name))
        .collect(Collectors.toMap(s -> label == null ? "" : s.tags().stream().filter(t -> t.getKey().equals(label)).findFirst().orElseThrow().getValue(),
            GaugeSample::value));
  }

  @Test
  void everyDeviceStateOfTheStatusIsOneSeriesLabelledWithTheFleet() {
    List<GaugeSample> samples = FleetSamples.of(fleet(null, null, null), counts(10, 7, 2, 1, 1, 2), Optional.empty(), NOW);
    assertThat(byName(samples, MetricNames.FLEET_DEVICES, "state")).containsExactlyInAnyOrderEntriesOf(Map.of(
        "total", 10.0, "ready", 7.0, "renewalDue", 2.0, "expiringSoon", 1.0, "revoked", 1.0, "failed", 2.0));
    assertThat(samples).allSatisfy(s -> {
      assertThat(s.tags().stream().map(t -> t.getKey() + "=" + t.getValue())).contains("namespace=icu", "fleet=pumps");
    });
  }

  @ParameterizedTest(name = "thisUpdate={0} nextUpdate={1} entries={2} -> age {3}")
  @CsvSource({
    // thisUpdate, nextUpdate, entries, age at NOW (empty: no series), nextUpdate seconds, entries
    "2026-05-01T11:00:00Z, 2026-05-02T11:00:00Z, 3, 3600,  1777719600, 3",
    "2026-05-01T12:00:00Z, 2026-05-02T12:00:00Z, 0, 0,     1777723200, 0",
    "2026-04-29T12:00:00.500Z, 2026-04-30T12:00:00Z, 12, 172799.5, 1777550400, 12",
    // a CRL signed after "now" (clocks apart): the age is negative, not hidden
    "2026-05-01T12:00:30Z, 2026-05-02T12:00:30Z, 1, -30, 1777723230, 1",
  })
  void theCrlAgeIsCountedToTheScrapeAndItsNextUpdateIsInUnixSeconds(String thisUpdate, String nextUpdate, long entries, double age,
      long nextUpdateSeconds, double expectedEntries) {
    List<GaugeSample> samples = FleetSamples.of(fleet(thisUpdate, nextUpdate, entries), counts(0, 0, 0, 0, 0, 0), Optional.empty(), NOW);
    assertThat(byName(samples, MetricNames.CRL_AGE, null)).containsExactly(Map.entry("", age));
    assertThat(byName(samples, MetricNames.CRL_NEXT_UPDATE, null)).containsExactly(Map.entry("", (double) nextUpdateSeconds));
    assertThat(byName(samples, MetricNames.CRL_ENTRIES, null)).containsExactly(Map.entry("", expectedEntries));
  }

  @Test
  void aFleetWithoutACrlYetHasNoCrlSeries() {
    List<GaugeSample> samples = FleetSamples.of(fleet(null, null, null), counts(0, 0, 0, 0, 0, 0), Optional.empty(), NOW);
    assertThat(samples).extracting(GaugeSample::name).containsOnly(MetricNames.FLEET_DEVICES);
  }

  @Test
  void theEarliestExpiryIsInUnixSecondsAndAbsentWithoutCertificates() {
    Instant notAfter = Instant.parse("2026-05-08T00:00:00Z");
    assertThat(byName(FleetSamples.of(fleet(null, null, null), counts(1, 1, 0, 0, 0, 0), Optional.of(notAfter), NOW),
        MetricNames.FLEET_EARLIEST_EXPIRY, null)).containsExactly(Map.entry("", (double) notAfter.getEpochSecond()));
    assertThat(byName(FleetSamples.of(fleet(null, null, null), counts(1, 0, 0, 0, 1, 0), Optional.empty(), NOW),
        MetricNames.FLEET_EARLIEST_EXPIRY, null)).isEmpty();
  }
}
