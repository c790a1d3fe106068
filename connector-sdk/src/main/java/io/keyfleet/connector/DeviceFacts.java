package io.keyfleet.connector;

/**
 * What the connector knows of the device the update is for.
 *
 * @param fleetNamespace namespace of the device's fleet
 * @param fleetName name of the device's fleet
 * @param model the device's hardware model (spec.model)
 * @param installedSequence sequence of the last manifest the device installed (0: none)
 * @param runningVersion the firmware version the device runs, or null when unknown
 * @param revoked whether the DeviceIdentity is revoked
 */
public record DeviceFacts(
    String fleetNamespace, String fleetName, String model, long installedSequence, String runningVersion, boolean revoked) {}
