package io.keyfleet.operator.pki;

import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

/** A fixed clock near the real time (openssl checks validity against the wall clock) and a CA. */
final class Fixtures {
  static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final String DNS_NAME = "pump-0001.fleet-a.devices.example.com";
  static final String URI = "urn:keyfleet:hospital-a:fleet-a:PUMP-0001";
  static final String CRL_URL = "http://keyfleet-crl.keyfleet-system.svc:8080/hospital-a/fleet-a.crl";
  static final Duration LEAF_VALIDITY = Duration.ofDays(30);

  private static CaMaterial ca;

  private Fixtures() {}

  /** One fleet CA for the suite, valid for a year. */
  static synchronized CaMaterial ca() {
    if (ca == null) {
      ca = FleetCa.create("Keyfleet Test Fleet CA", "Keyfleet Tests", Duration.ofDays(365), CLOCK);
    }
    return ca;
  }

  /** The usual device request: digitalSignature + clientAuth, one DNS and one URI SAN, a CRL. */
  static IssueRequest request(PublicKey key) {
    return new IssueRequest(
        IssueRequest.subject("PUMP-0001", "Acme Medical", "Infusion", "DE"),
        List.of(DNS_NAME),
        List.of(URI),
        Set.of(KeyUsageName.digitalSignature),
        Set.of(ExtendedKeyUsageName.clientAuth),
        key,
        LEAF_VALIDITY,
        CRL_URL);
  }
}
