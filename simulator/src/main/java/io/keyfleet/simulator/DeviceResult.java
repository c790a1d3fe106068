package io.keyfleet.simulator;

import io.keyfleet.connector.Refusal;

/**
 * The last thing a simulated device did.
 *
 * @param version the firmware it runs
 * @param tamper what an attacker handed it instead of its assignment, or null
 * @param refusal why it refused an update, or null
 * @param sequence the sequence of the assignment it last handled, or 0
 */
public record DeviceResult(String device, String model, DeviceState state, String version, Tamper tamper, Refusal refusal,
    long sequence, String message) {}
