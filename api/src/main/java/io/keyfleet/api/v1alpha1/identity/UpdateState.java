package io.keyfleet.api.v1alpha1.identity;

/** Progress of an update on a device, as its connector reports it. */
public enum UpdateState {
  Idle,
  Downloading,
  Installing,
  Succeeded,
  Failed,
  /** The device refused the update (bad signature, wrong model, rollback, expired, ...). */
  Rejected
}
