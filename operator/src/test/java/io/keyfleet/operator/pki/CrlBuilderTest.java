package io.keyfleet.operator.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.keyfleet.api.v1alpha1.identity.RevocationReason;
import io.keyfleet.api.v1alpha1.policy.KeyAlgorithm;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.CRLReason;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CrlBuilderTest {
  private static final Instant THIS_UPDATE = Fixtures.NOW.minusSeconds(60);
  private static final Instant NEXT_UPDATE = Fixtures.NOW.plus(Duration.ofDays(1));

  @TempDir Path dir;
  private X509Certificate leaf;

  @BeforeEach
  void issueALeaf() {
    leaf =
        CertificateIssuer.issue(
            Fixtures.ca(),
            Fixtures.request(TestKeys.of(KeyAlgorithm.ECDSA_P256).getPublic()),
            Fixtures.CLOCK);
    OpenSsl.write(dir, "ca.crt", Pem.certificate(Fixtures.ca().certificate()));
    OpenSsl.write(dir, "tls.crt", Pem.certificate(leaf));
  }

  @Test
  void opensslRejectsARevokedCertificate() {
    X509CRL crl =
        build(
            BigInteger.valueOf(7),
            new RevokedEntry(leaf.getSerialNumber(), THIS_UPDATE, RevocationReason.keyCompromise));
    OpenSsl.write(dir, "crl.pem", Pem.crl(crl));

    OpenSsl.Result result =
        OpenSsl.run(
            dir, "verify", "-crl_check", "-CAfile", "ca.crt", "-CRLfile", "crl.pem", "tls.crt");

    assertThat(result.exitCode()).as(result.output()).isNotZero();
    assertThat(result.output()).contains("certificate revoked");
  }

  @Test
  void opensslAcceptsTheCertificateWhenTheCrlDoesNotListIt() {
    X509CRL crl =
        build(
            BigInteger.ONE,
            new RevokedEntry(
                leaf.getSerialNumber().add(BigInteger.ONE),
                THIS_UPDATE,
                RevocationReason.superseded));
    OpenSsl.write(dir, "crl.pem", Pem.crl(crl));
    OpenSsl.write(dir, "empty.pem", Pem.crl(build(BigInteger.TWO)));

    assertThat(
            OpenSsl.ok(
                dir, "verify", "-crl_check", "-CAfile", "ca.crt", "-CRLfile", "crl.pem",
                "tls.crt"))
        .contains("tls.crt: OK");
    assertThat(
            OpenSsl.ok(
                dir, "verify", "-crl_check", "-CAfile", "ca.crt", "-CRLfile", "empty.pem",
                "tls.crt"))
        .contains("tls.crt: OK");
  }

  @Test
  void opensslShowsNumberIssuerKeyAndReason() {
    X509CRL crl =
        build(
            BigInteger.valueOf(42),
            new RevokedEntry(leaf.getSerialNumber(), THIS_UPDATE, RevocationReason.keyCompromise));
    OpenSsl.write(dir, "crl.pem", Pem.crl(crl));

    assertThat(OpenSsl.ok(dir, "crl", "-in", "crl.pem", "-CAfile", "ca.crt", "-noout"))
        .contains("verify OK");
    String text = OpenSsl.ok(dir, "crl", "-in", "crl.pem", "-noout", "-text");
    assertThat(text)
        .contains("Certificate Revocation List (CRL):")
        .contains("Version 2 (0x1)")
        .containsPattern("X509v3 CRL Number:\\s+42\\s")
        .contains("X509v3 Authority Key Identifier:")
        .contains("Issuer: O = Keyfleet Tests, CN = Keyfleet Test Fleet CA")
        // openssl prints whole bytes: an odd number of hex digits gets a leading zero
        .containsPattern("Serial Number: 0?" + leaf.getSerialNumber().toString(16).toUpperCase())
        .containsPattern("X509v3 CRL Reason Code:\\s+Key Compromise")
        .contains("Signature Algorithm: ecdsa-with-SHA384");
    assertThat(crl.getThisUpdate().toInstant()).isEqualTo(THIS_UPDATE);
    assertThat(crl.getNextUpdate().toInstant()).isEqualTo(NEXT_UPDATE);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "keyCompromise, Key Compromise, KEY_COMPROMISE",
    "cACompromise, CA Compromise, CA_COMPROMISE",
    "affiliationChanged, Affiliation Changed, AFFILIATION_CHANGED",
    "superseded, Superseded, SUPERSEDED",
    "cessationOfOperation, Cessation Of Operation, CESSATION_OF_OPERATION",
    "privilegeWithdrawn, Privilege Withdrawn, PRIVILEGE_WITHDRAWN",
    "aACompromise, AA Compromise, AA_COMPROMISE",
  })
  void everyReasonIsEncoded(RevocationReason reason, String opensslName, CRLReason javaReason) {
    BigInteger serial = BigInteger.valueOf(0x1234);
    X509CRL crl = build(BigInteger.ONE, new RevokedEntry(serial, THIS_UPDATE, reason));
    OpenSsl.write(dir, "crl.pem", Pem.crl(crl));

    assertThat(crl.getRevokedCertificate(serial).getRevocationReason()).isEqualTo(javaReason);
    assertThat(OpenSsl.ok(dir, "crl", "-in", "crl.pem", "-noout", "-text"))
        .containsPattern("X509v3 CRL Reason Code:\\s+" + opensslName + "\\s");
  }

  @Test
  void unspecifiedReasonIsLeftOut() {
    BigInteger serial = BigInteger.valueOf(99);
    X509CRL crl =
        build(BigInteger.ONE, new RevokedEntry(serial, THIS_UPDATE, RevocationReason.unspecified));
    OpenSsl.write(dir, "crl.pem", Pem.crl(crl));
    X509CRLEntry entry = crl.getRevokedCertificate(serial);

    assertThat(entry).isNotNull();
    assertThat(entry.getRevocationDate().toInstant()).isEqualTo(THIS_UPDATE);
    assertThat(entry.hasExtensions()).isFalse();
    assertThat(entry.getRevocationReason()).isNull();
    assertThat(OpenSsl.ok(dir, "crl", "-in", "crl.pem", "-noout", "-text"))
        .contains("Serial Number: 63")
        .doesNotContain("Reason Code");
  }

  @Test
  void nullReasonMeansUnspecified() {
    assertThat(new RevokedEntry(BigInteger.TEN, THIS_UPDATE, null).reason())
        .isEqualTo(RevocationReason.unspecified);
  }

  @Test
  void roundTripsThroughPem() {
    X509CRL crl =
        build(
            BigInteger.valueOf(3),
            new RevokedEntry(BigInteger.TEN, THIS_UPDATE, RevocationReason.superseded),
            new RevokedEntry(BigInteger.TWO, THIS_UPDATE, RevocationReason.unspecified));

    X509CRL parsed = Pem.parseCrl(Pem.crl(crl));

    assertThat(parsed).isEqualTo(crl);
    assertThat(parsed.getRevokedCertificates()).hasSize(2);
  }

  @Test
  void rejectsInconsistentInput() {
    RevokedEntry entry = new RevokedEntry(BigInteger.TEN, THIS_UPDATE, null);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> build(BigInteger.ONE, entry, entry))
        .withMessageContaining("listed twice");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> build(BigInteger.valueOf(-1)))
        .withMessageContaining("CRL number");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                CrlBuilder.build(Fixtures.ca(), BigInteger.ONE, NEXT_UPDATE, THIS_UPDATE, List.of()))
        .withMessageContaining("nextUpdate");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new RevokedEntry(BigInteger.ZERO, THIS_UPDATE, null))
        .withMessageContaining("positive");
  }

  private static X509CRL build(BigInteger number, RevokedEntry... entries) {
    return CrlBuilder.build(Fixtures.ca(), number, THIS_UPDATE, NEXT_UPDATE, List.of(entries));
  }
}
