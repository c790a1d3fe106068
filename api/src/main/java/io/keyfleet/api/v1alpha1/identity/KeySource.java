package io.keyfleet.api.v1alpha1.identity;

/** Where a device's private key was made. */
public enum KeySource {
  /** The operator generated the key pair and delivered the private key in the device Secret. */
  Generated,
  /** The device generated the key pair and sent a CSR; the private key never left it. */
  DeviceCSR
}
