package io.keyfleet.simulator;

/**
 * What an attacker between the back end and a device hands it instead of its assignment. The
 * attacker can change what the device is told to fetch and what the registry serves, but does not
 * hold the fleet's signing key.
 */
public enum Tamper {
  /** A manifest for the device's model and a newer sequence, signed with the attacker's own key. */
  FORGED,
  /** A genuine, correctly signed manifest for the device's model that is not newer than what it runs. */
  REPLAYED,
  /** A genuine, correctly signed manifest for another hardware model. */
  OTHER_MODEL
}
