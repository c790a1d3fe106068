package io.keyfleet.simulator;

/** Where a simulated device is, as the progress line counts it. */
public enum DeviceState {
  /** No certificate yet. */
  WAITING,
  /** Issued, running its installed firmware, nothing assigned. */
  IDLE,
  DOWNLOADING,
  INSTALLING,
  SUCCEEDED,
  FAILED,
  REJECTED,
  /** Never answers (configured share of the fleet). */
  OFFLINE,
  /** Revoked: it must never receive an update. */
  REVOKED
}
