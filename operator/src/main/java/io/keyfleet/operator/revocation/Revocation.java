package io.keyfleet.operator.revocation;

import io.keyfleet.api.v1alpha1.identity.RevocationReason;
import java.time.Instant;

/**
 * One revoked certificate. Entries stay on the CRL until the certificate would have expired
 * anyway, then drop off (RFC 5280 5.1.2.6 allows it; it keeps CRLs small).
 */
public record Revocation(String serialHex, Instant revokedAt, RevocationReason reason, Instant notAfter) {
  /** One line of the CRL ConfigMap's entry list. */
  public String line() {
    return serialHex + "," + revokedAt + "," + reason.name() + "," + notAfter;
  }

  public static Revocation parse(String line) {
    String[] p = line.split(",");
    if (p.length != 4) {
      throw new IllegalArgumentException("bad revocation entry '" + line + "'");
    }
    return new Revocation(p[0], Instant.parse(p[1]), RevocationReason.valueOf(p[2]), Instant.parse(p[3]));
  }
}
