package io.keyfleet.operator.rotation;

import java.time.Duration;
import java.time.Instant;

/** What the renewal decision needs to know about a device's current certificate. */
public record CertificateFacts(Instant notBefore, Instant notAfter, Instant keyCreatedAt) {
  public Duration validity() {
    return Duration.between(notBefore, notAfter);
  }
}
