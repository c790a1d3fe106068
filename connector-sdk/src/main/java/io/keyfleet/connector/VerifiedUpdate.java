package io.keyfleet.connector;

/**
 * A verified update: what to install (by digest) and the sequence to remember once installed.
 *
 * @param sequence the manifest's sequence number
 * @param version the firmware version
 * @param artifactDigest digest of the firmware artifact to fetch and install
 * @param artifactRef where to fetch it: the manifest's artifact repository at that digest
 * @param rollback whether it returns the device to an earlier version (with a higher sequence)
 */
public record VerifiedUpdate(long sequence, String version, String artifactDigest, String artifactRef, boolean rollback) {}
