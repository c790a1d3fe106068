package io.keyfleet.operator.rotation;

import java.time.Instant;

/**
 * What to do about a device's certificate now.
 *
 * @param action the verdict
 * @param newKey for {@link Action#RENEW}: whether the key pair must be replaced too
 * @param renewalTime when the certificate is (or was) due, jitter applied; published in status
 * @param recheckAt when to look again if nothing is done now
 * @param why a short human explanation, for logs and events
 */
public record RenewalDecision(Action action, boolean newKey, Instant renewalTime, Instant recheckAt, String why) {
  /** The verdicts. */
  public enum Action {
    /** Not due yet. */
    KEEP,
    /** Renew now. */
    RENEW,
    /** Due, but routine changes wait for a maintenance window. */
    WAIT_FOR_WINDOW,
    /** Due, but the fleet's renewal rate limit is used up this minute. */
    WAIT_FOR_RATE_LIMIT
  }
}
