package io.keyfleet.operator.metrics;

import static io.keyfleet.operator.metrics.MetricNames.FLEET;
import static io.keyfleet.operator.metrics.MetricNames.NAMESPACE;
import static io.keyfleet.operator.metrics.MetricNames.STATE;

import io.keyfleet.api.v1alpha1.DeviceFleet;
import io.keyfleet.api.v1alpha1.fleet.CrlStatus;
import io.keyfleet.api.v1alpha1.fleet.DeviceCounts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A fleet's gauges: its devices by state, the earliest expiry among its current certificates, and
 * its CRL's age, next update and entries (from the CRL facts the operator put in the fleet's
 * status). Nothing per device: a fleet has a fixed, small number of series.
 */
public final class FleetSamples {
  private FleetSamples() {}

  /**
   * @param devices the fleet's device counts (what its status.devices shows)
   * @param earliestNotAfter the earliest notAfter of its current, unrevoked certificates, if any
   * @param now when the scrape happens: the CRL's age is counted up to it
   */
  public static List<GaugeSample> of(DeviceFleet fleet, DeviceCounts devices, Optional<Instant> earliestNotAfter, Instant now) {
    String namespace = fleet.getMetadata().getNamespace();
    String name = fleet.getMetadata().getName();
    List<GaugeSample> samples = new ArrayList<>();
    device(samples, namespace, name, "total", devices.getTotal());
    device(samples, namespace, name, "ready", devices.getReady());
    device(samples, namespace, name, "renewalDue", devices.getRenewalDue());
    device(samples, namespace, name, "expiringSoon", devices.getExpiringSoon());
    device(samples, namespace, name, "revoked", devices.getRevoked());
    device(samples, namespace, name, "failed", devices.getFailed());
    earliestNotAfter.ifPresent(t ->
        samples.add(GaugeSample.of(MetricNames.FLEET_EARLIEST_EXPIRY, t.getEpochSecond(), NAMESPACE, namespace, FLEET, name)));
    CrlStatus crl = fleet.getStatus() == null ? null : fleet.getStatus().getCrl();
    if (crl != null) {
      if (crl.getThisUpdate() != null) {
        double age = Duration.between(Instant.parse(crl.getThisUpdate()), now).toMillis() / 1000.0;
        samples.add(GaugeSample.of(MetricNames.CRL_AGE, age, NAMESPACE, namespace, FLEET, name));
      }
      if (crl.getNextUpdate() != null) {
        samples.add(GaugeSample.of(MetricNames.CRL_NEXT_UPDATE, Instant.parse(crl.getNextUpdate()).getEpochSecond(), NAMESPACE, namespace, FLEET, name));
      }
      if (crl.getEntries() != null) {
        samples.add(GaugeSample.of(MetricNames.CRL_ENTRIES, crl.getEntries(), NAMESPACE, namespace, FLEET, name));
      }
    }
    return samples;
  }

  private static void device(List<GaugeSample> samples, String namespace, String fleet, String state, long count) {
    samples.add(GaugeSample.of(MetricNames.FLEET_DEVICES, count, NAMESPACE, namespace, FLEET, fleet, STATE, state));
  }
}
