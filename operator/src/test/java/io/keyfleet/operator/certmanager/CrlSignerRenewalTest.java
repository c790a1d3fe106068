package io.keyfleet.operator.certmanager;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.keyfleet.api.v1alpha1.DeviceFleet;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CrlSignerRenewalTest {
  /** The signing certificate's notBefore; with the 90-day lifetime its two thirds are at +60 days. */
  static final Instant ISSUED = Instant.parse("2026-01-01T00:00:00Z");
  static final Clock CLOCK = Clock.fixed(ISSUED, ZoneOffset.UTC);
  static final X500Name SUBJECT = new X500Name("CN=keyfleet CRL signer hospital-a/fleet-a");

  static final int CRL_SIGN = KeyUsage.cRLSign | KeyUsage.digitalSignature;
  static final KeyPair CA_KEYS = TestCertificates.keys();
  static final X509Certificate CA = TestCertificates.ca("cert-manager CA", CA_KEYS);
  static final KeyPair OTHER_CA_KEYS = TestCertificates.keys();
  static final X509Certificate OTHER_CA = TestCertificates.ca("another CA", OTHER_CA_KEYS);
  static final KeyPair SIGNER_KEYS = TestCertificates.keys();
  static final X509Certificate SIGNER = signer(CRL_SIGN, ISSUED, ISSUED.plus(CrlSignerRenewal.LIFETIME), CA_KEYS);

  @ParameterizedTest(name = "{0} -> renew={1}")
  @CsvSource({
    // now, whether a new certificate is asked for (90 days from 2026-01-01: two thirds on 2026-03-02)
    "2025-12-31T23:59:59Z, false", // not valid yet (clock skew): not a reason to ask again
    "2026-01-01T00:00:00Z, false",
    "2026-02-15T00:00:00Z, false",
    "2026-03-01T23:59:59Z, false",
    "2026-03-02T00:00:00Z, true", // two thirds
    "2026-03-15T00:00:00Z, true",
    "2026-03-31T23:59:59Z, true",
    "2026-04-01T00:00:00Z, true", // expired
    "2027-01-01T00:00:00Z, true",
  })
  void asksForASuccessorAtTwoThirdsOfTheLifetime(Instant now, boolean renew) {
    String reason = CrlSignerRenewal.reason(SIGNER, CA, now);

    if (renew) {
      assertThat(reason).isEqualTo("the CRL-signing certificate is two thirds through its lifetime (expires 2026-04-01T00:00:00Z)");
    } else {
      assertThat(reason).isNull();
    }
  }

  @ParameterizedTest(name = "lifetime {0}s, at +{1}s -> renew={2}")
  @CsvSource({
    // two thirds of an odd lifetime fall between two seconds
    "10, 6, false", // two thirds = 6.67 s
    "10, 7, true",
    "1, 0, false",
    "1, 1, true",
    "90, 59, false",
    "90, 60, true",
  })
  void twoThirdsOfAnyLifetime(long lifetimeSeconds, long after, boolean renew) {
    X509Certificate shortLived = signer(CRL_SIGN, ISSUED, ISSUED.plusSeconds(lifetimeSeconds), CA_KEYS);

    assertThat(CrlSignerRenewal.reason(shortLived, CA, ISSUED.plusSeconds(after)) != null).isEqualTo(renew);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "no certificate           | no CRL-signing certificate yet",
    "no CA                    | no CRL-signing certificate yet",
    "another CA issued it     | the CRL-signing certificate was not issued by the issuer's CA",
    "the CA was replaced      | the CRL-signing certificate was not issued by the issuer's CA",
    "no key usage             | the CRL-signing certificate lacks the cRLSign key usage",
    "digitalSignature only    | the CRL-signing certificate lacks the cRLSign key usage",
    "keyCertSign, no cRLSign  | the CRL-signing certificate lacks the cRLSign key usage",
  })
  void asksForANewCertificateWhenTheCurrentOneCannotServe(String what, String reason) {
    Instant now = CLOCK.instant().plus(Duration.ofDays(1));
    Instant until = ISSUED.plus(CrlSignerRenewal.LIFETIME);
    String result = switch (what) {
      case "no certificate" -> CrlSignerRenewal.reason(null, CA, now);
      case "no CA" -> CrlSignerRenewal.reason(SIGNER, null, now);
      case "another CA issued it" -> CrlSignerRenewal.reason(signer(CRL_SIGN, ISSUED, until, OTHER_CA_KEYS), CA, now);
      case "the CA was replaced" -> CrlSignerRenewal.reason(SIGNER, OTHER_CA, now);
      case "no key usage" -> CrlSignerRenewal.reason(signer(0, ISSUED, until, CA_KEYS), CA, now);
      case "digitalSignature only" -> CrlSignerRenewal.reason(signer(KeyUsage.digitalSignature, ISSUED, until, CA_KEYS), CA, now);
      case "keyCertSign, no cRLSign" -> CrlSignerRenewal.reason(signer(KeyUsage.keyCertSign | KeyUsage.digitalSignature, ISSUED, until,
          CA_KEYS), CA, now);
      default -> throw new IllegalArgumentException(what);
    };

    assertThat(result).isEqualTo(reason);
  }

  @ParameterizedTest(name = "{0} -> usable={1}")
  @CsvSource({
    // the current certificate keeps signing while its successor is asked for, until it expires
    "2026-01-01T00:00:00Z, true",
    "2026-03-15T00:00:00Z, true",
    "2026-03-31T23:59:59Z, true",
    "2026-04-01T00:00:00Z, false",
    "2026-06-01T00:00:00Z, false",
  })
  void theCurrentCertificateSignsUntilItExpires(Instant now, boolean usable) {
    assertThat(CrlSignerRenewal.usable(SIGNER, CA, now)).isEqualTo(usable);
  }

  @Test
  void aCertificateFromAnotherCaOrNoneIsNotUsable() {
    Instant now = ISSUED.plus(Duration.ofDays(1));

    assertThat(CrlSignerRenewal.usable(SIGNER, OTHER_CA, now)).isFalse();
    assertThat(CrlSignerRenewal.usable(null, CA, now)).isFalse();
    assertThat(CrlSignerRenewal.usable(SIGNER, null, now)).isFalse();
  }

  @Test
  void theSubjectNamesTheFleetNotTheCa() {
    DeviceFleet fleet = new DeviceFleet();
    fleet.setMetadata(new ObjectMetaBuilder().withName("fleet-a").withNamespace("hospital-a").build());

    assertThat(CrlSignerRenewal.subject(fleet)).hasToString("CN=keyfleet CRL signer hospital-a/fleet-a");
  }

  private static X509Certificate signer(int keyUsage, Instant notBefore, Instant notAfter, KeyPair issuerKeys) {
    return TestCertificates.leaf(SUBJECT, SIGNER_KEYS.getPublic(), CA, issuerKeys.getPrivate(), notBefore, notAfter, keyUsage, List.of(),
        List.of());
  }
}
