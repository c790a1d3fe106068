package io.keyfleet.operator.revocation;

import java.time.Instant;

/** Public facts about a fleet's current CRL, for the fleet's status. */
public record CrlFacts(String url, long number, Instant thisUpdate, Instant nextUpdate, int entries) {}
