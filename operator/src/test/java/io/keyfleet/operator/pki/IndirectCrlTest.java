package io.keyfleet.operator.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyfleet.api.v1alpha1.identity.RevocationReason;
import io.keyfleet.api.v1alpha1.policy.KeyAlgorithm;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SignatureException;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The indirect CRL of the cert-manager issuer mode (RFC 5280 sections 5.2.5 and 5.3.3): signed by
 * Keyfleet's CRL-signing certificate, listing certificates of the external CA ({@link
 * Fixtures#ca()} plays it here).
 */
class IndirectCrlTest {
  private static final Instant THIS_UPDATE = Fixtures.NOW.minusSeconds(60);
  private static final Instant NEXT_UPDATE = Fixtures.NOW.plus(Duration.ofDays(1));
  private static final X500Name SIGNER_SUBJECT = new X500Name("CN=keyfleet CRL signer hospital-a/fleet-a");

  private static KeyPair signerKeys;
  private static X509Certificate signerCertificate;
  private static CrlSigner signer;

  @TempDir Path dir;

  @BeforeAll
  static void theCaIssuesACrlSigningCertificate() throws Exception {
    signerKeys = KeyPairs.generate(KeyAlgorithm.ECDSA_P256);
    CaMaterial ca = Fixtures.ca();
    var builder = new JcaX509v3CertificateBuilder(ca.certificate(), SerialNumbers.next(), Date.from(Fixtures.NOW.minusSeconds(300)),
        Date.from(Fixtures.NOW.plus(Duration.ofDays(90))), SIGNER_SUBJECT, signerKeys.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
        .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.cRLSign | KeyUsage.digitalSignature))
        .addExtension(Extension.subjectKeyIdentifier, false, KeyIdentifiers.subject(signerKeys.getPublic()))
        .addExtension(Extension.authorityKeyIdentifier, false, KeyIdentifiers.authority(ca.certificate()));
    signerCertificate = new JcaX509CertificateConverter().setProvider(Providers.bouncyCastle())
        .getCertificate(builder.build(SignatureAlgorithms.signer(ca.certificate().getPublicKey(), ca.privateKey())));
    signer = CrlSigner.indirect(new CaMaterial(signerCertificate, signerKeys.getPrivate()), ca.certificate());
  }

  @Test
  void isSignedByTheCrlSignerNotByTheCa() throws Exception {
    X509CRL crl = build(new RevokedEntry(BigInteger.TEN, THIS_UPDATE, RevocationReason.keyCompromise));

    crl.verify(signerKeys.getPublic(), Providers.bouncyCastle());
    assertThatThrownBy(() -> crl.verify(Fixtures.ca().certificate().getPublicKey(), Providers.bouncyCastle()))
        .isInstanceOf(SignatureException.class);
    assertThat(crl.getIssuerX500Principal()).isEqualTo(signerCertificate.getSubjectX500Principal());
    assertThat(crl.getThisUpdate().toInstant()).isEqualTo(THIS_UPDATE);
    assertThat(crl.getNextUpdate().toInstant()).isEqualTo(NEXT_UPDATE);
  }

  @Test
  void carriesACriticalIssuingDistributionPointWithIndirectCrlAndTheUrl() {
    X509CRL crl = build();

    assertThat(crl.getCriticalExtensionOIDs()).contains(Extension.issuingDistributionPoint.getId());
    IssuingDistributionPoint point = IssuingDistributionPoint.getInstance(
        ASN1OctetString.getInstance(crl.getExtensionValue(Extension.issuingDistributionPoint.getId())).getOctets());
    assertThat(point.isIndirectCRL()).isTrue();
    assertThat(point.onlyContainsUserCerts()).isFalse();
    assertThat(point.onlyContainsCACerts()).isFalse();
    assertThat(point.onlyContainsAttributeCerts()).isFalse();
    assertThat(point.getOnlySomeReasons()).isNull();
    assertThat(point.getDistributionPoint().getType()).isEqualTo(DistributionPointName.FULL_NAME);
    assertThat(GeneralNames.getInstance(point.getDistributionPoint().getName()).getNames())
        .containsExactly(new GeneralName(GeneralName.uniformResourceIdentifier, Fixtures.CRL_URL));
    assertThat(crl.getNonCriticalExtensionOIDs()).contains(Extension.cRLNumber.getId(), Extension.authorityKeyIdentifier.getId());
  }

  @Test
  void everyEntryNamesTheCaInACriticalCertificateIssuerExtension() {
    X509CRL crl = build(
        new RevokedEntry(BigInteger.TEN, THIS_UPDATE, RevocationReason.keyCompromise),
        new RevokedEntry(BigInteger.TWO, THIS_UPDATE, RevocationReason.unspecified),
        new RevokedEntry(BigInteger.valueOf(0x1234), THIS_UPDATE, RevocationReason.superseded));
    GeneralNames theCa = new GeneralNames(new GeneralName(X500Name.getInstance(
        Fixtures.ca().certificate().getSubjectX500Principal().getEncoded())));

    assertThat(crl.getRevokedCertificates()).hasSize(3).allSatisfy(entry -> {
      assertThat(entry.getCriticalExtensionOIDs()).containsExactly(Extension.certificateIssuer.getId());
      assertThat(GeneralNames.getInstance(ASN1OctetString.getInstance(
          entry.getExtensionValue(Extension.certificateIssuer.getId())).getOctets())).isEqualTo(theCa);
      // what Java makes of it: the entry's certificate belongs to the CA, not to the CRL's issuer
      assertThat(entry.getCertificateIssuer()).isEqualTo(Fixtures.ca().certificate().getSubjectX500Principal());
    });
    X509CRLEntry unspecified = crl.getRevokedCertificate(BigInteger.TWO);
    assertThat(unspecified.getRevocationReason()).isNull();
    assertThat(unspecified.getNonCriticalExtensionOIDs()).isNullOrEmpty();
    assertThat(crl.getRevokedCertificate(BigInteger.TEN).getRevocationReason()).isEqualTo(java.security.cert.CRLReason.KEY_COMPROMISE);
    assertThat(crl.getRevokedCertificate(BigInteger.TEN).getNonCriticalExtensionOIDs()).containsExactly(Extension.reasonCode.getId());
  }

  @Test
  void opensslReadsItAndVerifiesItWithTheSignersCertificate() {
    X509CRL crl = build(
        new RevokedEntry(BigInteger.valueOf(0x1234), THIS_UPDATE, RevocationReason.keyCompromise),
        new RevokedEntry(BigInteger.valueOf(0x99), THIS_UPDATE, RevocationReason.unspecified));
    OpenSsl.write(dir, "crl.pem", Pem.crl(crl));
    OpenSsl.write(dir, "signer.crt", Pem.certificate(signerCertificate));
    OpenSsl.write(dir, "ca.crt", Pem.certificate(Fixtures.ca().certificate()));

    assertThat(OpenSsl.ok(dir, "crl", "-in", "crl.pem", "-CAfile", "signer.crt", "-noout")).contains("verify OK");
    assertThat(OpenSsl.run(dir, "crl", "-in", "crl.pem", "-CAfile", "ca.crt", "-noout").output())
        .as("the CA did not sign it").doesNotContain("verify OK");
    String text = OpenSsl.ok(dir, "crl", "-in", "crl.pem", "-noout", "-text");
    assertThat(text)
        .contains("Issuer: CN = keyfleet CRL signer hospital-a/fleet-a")
        .containsPattern("X509v3 Issuing Distribution Point: critical\\s+Full Name:\\s+URI:" + java.util.regex.Pattern.quote(Fixtures.CRL_URL)
            + "\\s+Indirect CRL")
        .containsPattern("X509v3 CRL Number:\\s+5\\s")
        .containsPattern("Serial Number: 1234\\s+Revocation Date: [^\\n]+\\s+CRL entry extensions:\\s+"
            + "X509v3 CRL Reason Code:\\s+Key Compromise\\s+X509v3 Certificate Issuer: critical\\s+"
            + "DirName:/O=Keyfleet Tests/CN=Keyfleet Test Fleet CA")
        .containsPattern("Serial Number: 99\\s+Revocation Date: [^\\n]+\\s+CRL entry extensions:\\s+"
            + "X509v3 Certificate Issuer: critical\\s+DirName:/O=Keyfleet Tests/CN=Keyfleet Test Fleet CA");
  }

  @Test
  void aDirectSignerBuildsTheUsualCrl() {
    X509CRL crl = CrlBuilder.build(CrlSigner.direct(Fixtures.ca()), null, BigInteger.ONE, THIS_UPDATE, NEXT_UPDATE,
        List.of(new RevokedEntry(BigInteger.TEN, THIS_UPDATE, RevocationReason.keyCompromise)));

    assertThat(crl.getExtensionValue(Extension.issuingDistributionPoint.getId())).isNull();
    assertThat(crl.getRevokedCertificate(BigInteger.TEN).getExtensionValue(Extension.certificateIssuer.getId())).isNull();
    assertThat(crl.getIssuerX500Principal()).isEqualTo(Fixtures.ca().certificate().getSubjectX500Principal());
  }

  @Test
  void anIndirectCrlNeedsItsDistributionPoint() {
    assertThatNullPointerException()
        .isThrownBy(() -> CrlBuilder.build(signer, null, BigInteger.ONE, THIS_UPDATE, NEXT_UPDATE, List.of()))
        .withMessage("distributionPoint");
    assertThat(signer.isIndirect()).isTrue();
    assertThat(CrlSigner.direct(Fixtures.ca()).isIndirect()).isFalse();
  }

  private static X509CRL build(RevokedEntry... entries) {
    return CrlBuilder.build(signer, Fixtures.CRL_URL, BigInteger.valueOf(5), THIS_UPDATE, NEXT_UPDATE, List.of(entries));
  }
}
