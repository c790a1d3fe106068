package io.keyfleet.api.v1alpha1.policy;

/** Whether a renewal also replaces the device's key pair. */
public enum KeyRotation {
  /** A new key pair at every renewal. */
  Always,
  /** The key pair is re-used at renewal until it reaches privateKey.maxAge. */
  Never
}
