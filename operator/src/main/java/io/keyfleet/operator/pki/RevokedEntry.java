package io.keyfleet.operator.pki;

import io.keyfleet.api.v1alpha1.identity.RevocationReason;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;

/**
 * One revoked certificate on a CRL.
 *
 * @param serial the certificate's serial number (positive)
 * @param revokedAt when it was revoked
 * @param reason the RFC 5280 reason; null is read as {@code unspecified}
 */
public record RevokedEntry(BigInteger serial, Instant revokedAt, RevocationReason reason) {
  public RevokedEntry {
    Objects.requireNonNull(serial, "serial");
    Objects.requireNonNull(revokedAt, "revokedAt");
    if (serial.signum() <= 0) {
      throw new IllegalArgumentException("a serial number is positive, was " + serial);
    }
    reason = reason == null ? RevocationReason.unspecified : reason;
  }
}
