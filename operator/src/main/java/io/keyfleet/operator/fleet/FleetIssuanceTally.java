package io.keyfleet.operator.fleet;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts first issuances per fleet between two fleet reconciles, so that they are reported as one
 * Issued Event on the DeviceFleet ("issued 1,250 device certificates") rather than one Event per
 * device: at fleet scale per-device Issued events double the API writes of an issuance and bury
 * the events that need attention (failures, revocations), which stay per device.
 */
public final class FleetIssuanceTally {
  private final Map<String, AtomicLong> issued = new ConcurrentHashMap<>();

  public void issued(String fleetKey) {
    issued.computeIfAbsent(fleetKey, k -> new AtomicLong()).incrementAndGet();
  }

  /** The count since the last call, reset to zero. */
  public long drain(String fleetKey) {
    AtomicLong count = issued.get(fleetKey);
    return count == null ? 0 : count.getAndSet(0);
  }
}
