package io.keyfleet.operator.fleet;

import io.keyfleet.api.v1alpha1.fleet.DeviceCounts;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Device counts per fleet, kept up to date incrementally: each device reconcile reports the
 * device's state, and the fleet's status reads the tallies, so counting never lists the fleet.
 * Rebuilt after a restart by the initial reconcile of every device.
 */
public final class FleetDeviceCounts {
  /**
   * A device's state as the fleet counts it.
   *
   * @param notAfterEpochSecond when its current certificate expires (Unix seconds), or 0 when it
   *     has none or is revoked; kept as a number, not an Instant: one more object per device adds up
   */
  public record DeviceState(
      boolean ready, boolean renewalDue, boolean expiringSoon, boolean revoked, boolean failed, String updateTrustId,
      long notAfterEpochSecond) {}

  /** How far the fleet's current update-trust bundle has reached: Secrets that carry it, of those that must. */
  public record TrustRollout(long trusting, long needing) {}

  private final Map<String, Map<String, DeviceState>> byFleet = new ConcurrentHashMap<>();

  /** Records the state of a device (by uid) in a fleet (namespace/name). */
  public void record(String fleetKey, String deviceUid, DeviceState state) {
    // The uid is a shared String: the same text lives in the device's other caches.
    byFleet.computeIfAbsent(fleetKey, k -> new ConcurrentHashMap<>()).put(deviceUid.intern(), state);
  }

  /** Forgets a device (deleted, or moved out of the fleet). */
  public void forget(String fleetKey, String deviceUid) {
    Map<String, DeviceState> devices = byFleet.get(fleetKey);
    if (devices != null) {
      devices.remove(deviceUid);
    }
  }

  /**
   * Issued, unrevoked devices whose Secret carries the given update-trust bundle, and all issued,
   * unrevoked devices.
   */
  public TrustRollout trust(String fleetKey, String bundleId) {
    long trusting = 0;
    long needing = 0;
    for (DeviceState s : byFleet.getOrDefault(fleetKey, Map.of()).values()) {
      if (s.revoked() || s.updateTrustId() == null) {
        continue;
      }
      needing++;
      if (s.updateTrustId().equals(bundleId)) {
        trusting++;
      }
    }
    return new TrustRollout(trusting, needing);
  }

  /** The earliest expiry among the fleet's current, unrevoked device certificates, if it has any. */
  public Optional<Instant> earliestNotAfter(String fleetKey) {
    long earliest = Long.MAX_VALUE;
    for (DeviceState s : byFleet.getOrDefault(fleetKey, Map.of()).values()) {
      if (!s.revoked() && s.notAfterEpochSecond() != 0 && s.notAfterEpochSecond() < earliest) {
        earliest = s.notAfterEpochSecond();
      }
    }
    return earliest == Long.MAX_VALUE ? Optional.empty() : Optional.of(Instant.ofEpochSecond(earliest));
  }

  /** The fleet's counts now. */
  public DeviceCounts counts(String fleetKey) {
    DeviceCounts counts = new DeviceCounts();
    Map<String, DeviceState> devices = byFleet.getOrDefault(fleetKey, Map.of());
    for (DeviceState s : devices.values()) {
      counts.setTotal(counts.getTotal() + 1);
      if (s.ready()) counts.setReady(counts.getReady() + 1);
      if (s.renewalDue()) counts.setRenewalDue(counts.getRenewalDue() + 1);
      if (s.expiringSoon()) counts.setExpiringSoon(counts.getExpiringSoon() + 1);
      if (s.revoked()) counts.setRevoked(counts.getRevoked() + 1);
      if (s.failed()) counts.setFailed(counts.getFailed() + 1);
    }
    return counts;
  }
}
