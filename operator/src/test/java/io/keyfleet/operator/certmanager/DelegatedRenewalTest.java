package io.keyfleet.operator.certmanager;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.keyfleet.api.v1alpha1.DeviceFleet;
import io.keyfleet.api.v1alpha1.fleet.CertManagerIssuer;
import io.keyfleet.api.v1alpha1.fleet.IssuerSpec;
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

class DelegatedRenewalTest {
  /** The signing certificate's notBefore; with the 90-day lifetime its two thirds are at +60 days. */
  static final Instant ISSUED = Instant.parse("2026-01-01T00:00:00Z");
  static final Clock CLOCK = Clock.fixed(ISSUED, ZoneOffset.UTC);
  static final X500Name SUBJECT = new X500Name("CN=keyfleet CRL signer hospital-a/fleet-a");
  static final DeviceFleet FLEET = fleet(CertManagerIssuer.Signing.PerDevice);
  static final Delegation CRL = Delegation.crlSigner(FLEET);

  static final int CRL_SIGN = KeyUsage.cRLSign | KeyUsage.digitalSignature;
  static final KeyPair CA_KEYS = TestCertificates.keys();
  static final X509Certificate CA = TestCertificates.ca("cert-manager CA", CA_KEYS);
  static final KeyPair OTHER_CA_KEYS = TestCertificates.keys();
  static final X509Certificate OTHER_CA = TestCertificates.ca("another CA", OTHER_CA_KEYS);
  static final KeyPair SIGNER_KEYS = TestCertificates.keys();
  static final X509Certificate SIGNER = signer(CRL_SIGN, ISSUED, ISSUED.plus(Delegation.CRL_SIGNER_LIFETIME), CA_KEYS);

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
    String reason = DelegatedRenewal.reason(CRL, SIGNER, CA, now);

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

    assertThat(DelegatedRenewal.reason(CRL, shortLived, CA, ISSUED.plusSeconds(after)) != null).isEqualTo(renew);
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
    Instant until = ISSUED.plus(Delegation.CRL_SIGNER_LIFETIME);
    String result = switch (what) {
      case "no certificate" -> DelegatedRenewal.reason(CRL, (X509Certificate) null, CA, now);
      case "no CA" -> DelegatedRenewal.reason(CRL, SIGNER, null, now);
      case "another CA issued it" -> DelegatedRenewal.reason(CRL, signer(CRL_SIGN, ISSUED, until, OTHER_CA_KEYS), CA, now);
      case "the CA was replaced" -> DelegatedRenewal.reason(CRL, SIGNER, OTHER_CA, now);
      case "no key usage" -> DelegatedRenewal.reason(CRL, signer(0, ISSUED, until, CA_KEYS), CA, now);
      case "digitalSignature only" -> DelegatedRenewal.reason(CRL, signer(KeyUsage.digitalSignature, ISSUED, until, CA_KEYS), CA, now);
      case "keyCertSign, no cRLSign" -> DelegatedRenewal.reason(CRL, signer(KeyUsage.keyCertSign | KeyUsage.digitalSignature, ISSUED, until,
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
    assertThat(DelegatedRenewal.usable(SIGNER, CA, now)).isEqualTo(usable);
  }

  @Test
  void aCertificateFromAnotherCaOrNoneIsNotUsable() {
    Instant now = ISSUED.plus(Duration.ofDays(1));

    assertThat(DelegatedRenewal.usable(SIGNER, OTHER_CA, now)).isFalse();
    assertThat(DelegatedRenewal.usable((X509Certificate) null, CA, now)).isFalse();
    assertThat(DelegatedRenewal.usable(SIGNER, null, now)).isFalse();
  }

  @Test
  void theSubjectNamesTheFleetNotTheCa() {
    assertThat(Delegation.of(FLEET).subject()).hasToString("CN=keyfleet CRL signer hospital-a/fleet-a");
    assertThat(Delegation.of(fleet(CertManagerIssuer.Signing.Intermediate)).subject()).hasToString("CN=keyfleet device CA hospital-a/fleet-a");
  }

  @Test
  void whatEachSigningModeAsksFor() {
    Delegation crl = Delegation.of(FLEET);
    DeviceFleet intermediateFleet = fleet(CertManagerIssuer.Signing.Intermediate);
    intermediateFleet.getSpec().getIssuer().getCertManager().setIntermediateDuration("730d");
    Delegation intermediate = Delegation.of(intermediateFleet);

    assertThat(crl.kind()).isEqualTo(Delegation.Kind.CRL_SIGNER);
    assertThat(crl.isCa()).isFalse();
    assertThat(crl.keepsKey()).as("a CRL signer gets a new key at each renewal").isFalse();
    assertThat(crl.usages()).containsExactly("crl sign", "digital signature");
    assertThat(crl.lifetime()).isEqualTo(Duration.ofDays(90));
    assertThat(intermediate.kind()).isEqualTo(Delegation.Kind.INTERMEDIATE_CA);
    assertThat(intermediate.isCa()).isTrue();
    assertThat(intermediate.keepsKey()).as("devices stay valid and revocable").isTrue();
    assertThat(intermediate.usages()).containsExactly("cert sign", "crl sign", "digital signature");
    assertThat(intermediate.lifetime()).isEqualTo(Duration.ofDays(730));
    assertThat(Delegation.isAwaiting("AwaitingCrlSigner")).isTrue();
    assertThat(Delegation.isAwaiting("AwaitingIntermediateCa")).isTrue();
    assertThat(Delegation.isAwaiting("IssuerNotReady")).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "a CA with keyCertSign and cRLSign | ",
    "not a CA                          | the intermediate CA certificate is not a CA certificate with the keyCertSign key usage",
    "a CA without keyCertSign          | the intermediate CA certificate is not a CA certificate with the keyCertSign key usage",
    "a CA without cRLSign              | the intermediate CA certificate lacks the cRLSign key usage",
  })
  void anIntermediateMustBeACaThatMaySignCertificatesAndCrls(String what, String reason) {
    Delegation intermediate = Delegation.of(fleet(CertManagerIssuer.Signing.Intermediate));
    Instant until = ISSUED.plus(Duration.ofDays(365));
    X509Certificate held = switch (what.trim()) {
      case "a CA with keyCertSign and cRLSign" -> TestCertificates.intermediate("keyfleet device CA", SIGNER_KEYS.getPublic(), CA,
          CA_KEYS.getPrivate());
      case "not a CA" -> signer(KeyUsage.keyCertSign | CRL_SIGN, ISSUED, until, CA_KEYS);
      case "a CA without keyCertSign" -> TestCertificates.ca("not signing", SIGNER_KEYS, CA, CA_KEYS, KeyUsage.cRLSign);
      case "a CA without cRLSign" -> TestCertificates.ca("not signing", SIGNER_KEYS, CA, CA_KEYS, KeyUsage.keyCertSign);
      default -> throw new IllegalArgumentException(what);
    };

    assertThat(DelegatedRenewal.reason(intermediate, held, CA, ISSUED.plus(Duration.ofDays(1)))).isEqualTo(reason);
  }

  @Test
  void aCertificateFromAnIssuerWhoseCaIsAnIntermediateServesWithItsChain() {
    KeyPair issuingKeys = TestCertificates.keys();
    X509Certificate issuing = TestCertificates.intermediate("hospital issuing CA", issuingKeys.getPublic(), CA, CA_KEYS.getPrivate());
    Delegation intermediate = Delegation.of(fleet(CertManagerIssuer.Signing.Intermediate));
    X509Certificate ours = TestCertificates.ca("keyfleet device CA", SIGNER_KEYS, issuing, issuingKeys, KeyUsage.keyCertSign | KeyUsage.cRLSign);
    Instant now = ISSUED.plus(Duration.ofDays(1));

    assertThat(DelegatedRenewal.reason(intermediate, List.of(ours, issuing), CA, now)).isNull();
    assertThat(DelegatedRenewal.usable(List.of(ours, issuing), CA, now)).isTrue();
    assertThat(DelegatedRenewal.reason(intermediate, List.of(ours), CA, now))
        .as("without the issuer's intermediate it does not reach status.ca")
        .isEqualTo("the intermediate CA certificate was not issued by the issuer's CA");
    assertThat(DelegatedRenewal.usable(List.of(ours), CA, now)).isFalse();
  }

  private static DeviceFleet fleet(CertManagerIssuer.Signing signing) {
    DeviceFleet fleet = new DeviceFleet();
    fleet.setMetadata(new ObjectMetaBuilder().withName("fleet-a").withNamespace("hospital-a").build());
    fleet.setSpec(new io.keyfleet.api.v1alpha1.DeviceFleetSpec());
    IssuerSpec issuer = new IssuerSpec();
    CertManagerIssuer certManager = new CertManagerIssuer();
    certManager.setSigning(signing);
    issuer.setCertManager(certManager);
    fleet.getSpec().setIssuer(issuer);
    return fleet;
  }

  private static X509Certificate signer(int keyUsage, Instant notBefore, Instant notAfter, KeyPair issuerKeys) {
    return TestCertificates.leaf(SUBJECT, SIGNER_KEYS.getPublic(), CA, issuerKeys.getPrivate(), notBefore, notAfter, keyUsage, List.of(),
        List.of());
  }
}
