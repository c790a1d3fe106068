package io.keyfleet.operator.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyfleet.api.v1alpha1.identity.RevocationReason;
import io.keyfleet.api.v1alpha1.policy.KeyAlgorithm;
import io.keyfleet.connector.RevocationList;
import io.keyfleet.connector.RevocationListException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import javax.net.ssl.X509ExtendedTrustManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The connector SDK's side of the cert-manager issuer mode: the operator's indirect CRL (signed by
 * a CRL-signing certificate the fleet's CA issued) is read by {@link RevocationList} with that
 * certificate, answers for the CA's device certificates, and its trust manager refuses a revoked
 * device in a TLS check; a CRL signer the CA did not issue, or one that may not sign CRLs, is
 * refused, so nobody else can un-revoke a device.
 */
class IndirectCrlConnectorTest {
  private static final Instant THIS_UPDATE = Fixtures.NOW.minusSeconds(60);
  private static final Instant NEXT_UPDATE = Fixtures.NOW.plus(Duration.ofDays(1));
  private static final X500Name SIGNER_SUBJECT = new X500Name("CN=keyfleet CRL signer hospital-a/fleet-a");

  private static KeyPair signerKeys;
  private static X509Certificate signerCertificate;
  private static X509Certificate revokedDevice;
  private static X509Certificate goodDevice;
  private static byte[] crlPem;

  @BeforeAll
  static void theOperatorRevokesOneOfTwoDevices() throws Exception {
    signerKeys = KeyPairs.generate(KeyAlgorithm.ECDSA_P256);
    signerCertificate = crlSignerFrom(Fixtures.ca(), signerKeys, KeyUsage.cRLSign | KeyUsage.digitalSignature);
    revokedDevice = CertificateIssuer.issue(Fixtures.ca(), Fixtures.request(KeyPairs.generate(KeyAlgorithm.ECDSA_P256).getPublic()), Fixtures.CLOCK);
    goodDevice = CertificateIssuer.issue(Fixtures.ca(), Fixtures.request(KeyPairs.generate(KeyAlgorithm.ECDSA_P256).getPublic()), Fixtures.CLOCK);
    X509CRL crl = CrlBuilder.build(
        CrlSigner.indirect(new CaMaterial(signerCertificate, signerKeys.getPrivate()), Fixtures.ca().certificate()),
        Fixtures.CRL_URL, BigInteger.valueOf(7), THIS_UPDATE, NEXT_UPDATE,
        List.of(new RevokedEntry(revokedDevice.getSerialNumber(), THIS_UPDATE, RevocationReason.keyCompromise)));
    crlPem = Pem.crl(crl).getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void answersForTheCasDevicesWithTheCrlSigner() throws Exception {
    RevocationList list = RevocationList.parse(crlPem, List.of(Fixtures.ca().certificate()), List.of(signerCertificate), Fixtures.CLOCK);

    assertThat(list.indirect()).isTrue();
    assertThat(list.issuer()).isEqualTo(Fixtures.ca().certificate());
    assertThat(list.isRevoked(revokedDevice)).isTrue();
    assertThat(list.revocationReason(revokedDevice)).contains(java.security.cert.CRLReason.KEY_COMPROMISE);
    assertThat(list.isRevoked(goodDevice)).isFalse();
  }

  @Test
  void refusesAnIndirectCrlWithoutItsSigner() {
    assertThatThrownBy(() -> RevocationList.parse(crlPem, List.of(Fixtures.ca().certificate()), Fixtures.CLOCK))
        .isInstanceOf(RevocationListException.class)
        .hasMessageContaining("no CRL signer was given");
  }

  @Test
  void refusesASignerTheCaDidNotIssue() throws Exception {
    // Same name and key as the real signer, but issued by another CA: whoever runs that CA must
    // not be able to speak for this fleet's devices.
    CaMaterial otherCa = FleetCa.create("Another CA", "Elsewhere", Duration.ofDays(365), Fixtures.CLOCK);
    X509Certificate impostor = crlSignerFrom(otherCa, signerKeys, KeyUsage.cRLSign | KeyUsage.digitalSignature);

    assertThatThrownBy(() -> RevocationList.parse(crlPem, List.of(Fixtures.ca().certificate()), List.of(impostor), Fixtures.CLOCK))
        .isInstanceOf(RevocationListException.class)
        .hasMessageContaining("was issued by none of the CA certificates given");
  }

  @Test
  void refusesASignerThatMayNotSignCrls() throws Exception {
    X509Certificate noCrlSign = crlSignerFrom(Fixtures.ca(), signerKeys, KeyUsage.digitalSignature);

    assertThatThrownBy(() -> RevocationList.parse(crlPem, List.of(Fixtures.ca().certificate()), List.of(noCrlSign), Fixtures.CLOCK))
        .isInstanceOf(RevocationListException.class)
        .hasMessageContaining("may not sign CRLs");
  }

  @Test
  void refusesASignerOutOfItsValidity() {
    Clock later = Clock.fixed(Fixtures.NOW.plus(Duration.ofDays(91)), ZoneOffset.UTC);
    // The CRL itself would be stale by then too; the signer is checked first.
    assertThatThrownBy(() -> RevocationList.parse(crlPem, List.of(Fixtures.ca().certificate()), List.of(signerCertificate), later))
        .isInstanceOf(RevocationListException.class)
        .hasMessageContaining("is not valid at");
  }

  @Test
  void theTrustManagerRefusesTheRevokedDeviceAndAcceptsTheOther() throws Exception {
    RevocationList list = RevocationList.parse(crlPem, List.of(Fixtures.ca().certificate()), List.of(signerCertificate), Fixtures.CLOCK);
    X509ExtendedTrustManager trust = list.trustManager(List.of(Fixtures.ca().certificate()));

    trust.checkClientTrusted(new X509Certificate[] {goodDevice, Fixtures.ca().certificate()}, "ECDHE_ECDSA");
    assertThatThrownBy(() -> trust.checkClientTrusted(new X509Certificate[] {revokedDevice, Fixtures.ca().certificate()}, "ECDHE_ECDSA"))
        .isInstanceOf(CertificateException.class)
        .hasMessageContaining("is revoked by the fleet's CRL");
  }

  @Test
  void anIssuerWhoseCaIsAnIntermediateSignsTheDevicesAndTheCrlSignerAndTheCrlNamesThatIntermediate() throws Exception {
    // root (ca.crt) -> the issuer's intermediate -> devices and Keyfleet's CRL signer; crl-signer.crt
    // holds the signer and the issuer's intermediate (CrlSigner.publishedChain).
    KeyPair issuingKeys = KeyPairs.generate(KeyAlgorithm.ECDSA_P384);
    X509Certificate issuingCertificate = caFrom(Fixtures.ca(), issuingKeys, "Hospital issuing CA");
    CaMaterial issuing = new CaMaterial(issuingCertificate, issuingKeys.getPrivate());
    X509Certificate signer = crlSignerFrom(issuing, signerKeys, KeyUsage.cRLSign | KeyUsage.digitalSignature);
    X509Certificate revoked = CertificateIssuer.issue(issuing, Fixtures.request(KeyPairs.generate(KeyAlgorithm.ECDSA_P256).getPublic()), Fixtures.CLOCK);
    X509Certificate good = CertificateIssuer.issue(issuing, Fixtures.request(KeyPairs.generate(KeyAlgorithm.ECDSA_P256).getPublic()), Fixtures.CLOCK);
    CrlSigner crlSigner = CrlSigner.indirect(new CaMaterial(signer, signerKeys.getPrivate()), issuingCertificate, List.of(issuingCertificate));
    byte[] pem = Pem.crl(CrlBuilder.build(crlSigner, Fixtures.CRL_URL, BigInteger.valueOf(8), THIS_UPDATE, NEXT_UPDATE,
        List.of(new RevokedEntry(revoked.getSerialNumber(), THIS_UPDATE, RevocationReason.keyCompromise)))).getBytes(StandardCharsets.US_ASCII);

    assertThat(crlSigner.publishedChain()).containsExactly(signer, issuingCertificate);
    RevocationList list = RevocationList.parse(pem, List.of(Fixtures.ca().certificate()), crlSigner.publishedChain(), Fixtures.CLOCK);
    assertThat(list.issuer()).isEqualTo(issuingCertificate);
    assertThat(list.isRevoked(revoked)).isTrue();
    assertThat(list.isRevoked(good)).isFalse();
    X509ExtendedTrustManager trust = list.trustManager(List.of(Fixtures.ca().certificate()));
    trust.checkClientTrusted(new X509Certificate[] {good, issuingCertificate}, "ECDHE_ECDSA");
    assertThatThrownBy(() -> trust.checkClientTrusted(new X509Certificate[] {revoked, issuingCertificate}, "ECDHE_ECDSA"))
        .isInstanceOf(CertificateException.class)
        .hasMessageContaining("is revoked by the fleet's CRL");
    // Without the issuer's intermediate the signer reaches no trusted CA.
    assertThatThrownBy(() -> RevocationList.parse(pem, List.of(Fixtures.ca().certificate()), List.of(signer), Fixtures.CLOCK))
        .isInstanceOf(RevocationListException.class)
        .hasMessageContaining("was issued by none of the CA certificates given");
  }

  private static X509Certificate caFrom(CaMaterial ca, KeyPair keys, String commonName) throws Exception {
    var builder = new JcaX509v3CertificateBuilder(ca.certificate(), SerialNumbers.next(), Date.from(Fixtures.NOW.minusSeconds(300)),
        Date.from(Fixtures.NOW.plus(Duration.ofDays(365))), new X500Name("CN=" + commonName), keys.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
        .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
        .addExtension(Extension.subjectKeyIdentifier, false, KeyIdentifiers.subject(keys.getPublic()))
        .addExtension(Extension.authorityKeyIdentifier, false, KeyIdentifiers.authority(ca.certificate()));
    return new JcaX509CertificateConverter().setProvider(Providers.bouncyCastle())
        .getCertificate(builder.build(SignatureAlgorithms.signer(ca.certificate().getPublicKey(), ca.privateKey())));
  }

  private static X509Certificate crlSignerFrom(CaMaterial ca, KeyPair keys, int keyUsage) throws Exception {
    var builder = new JcaX509v3CertificateBuilder(ca.certificate(), SerialNumbers.next(), Date.from(Fixtures.NOW.minusSeconds(300)),
        Date.from(Fixtures.NOW.plus(Duration.ofDays(90))), SIGNER_SUBJECT, keys.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
        .addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage))
        .addExtension(Extension.subjectKeyIdentifier, false, KeyIdentifiers.subject(keys.getPublic()))
        .addExtension(Extension.authorityKeyIdentifier, false, KeyIdentifiers.authority(ca.certificate()));
    return new JcaX509CertificateConverter().setProvider(Providers.bouncyCastle())
        .getCertificate(builder.build(SignatureAlgorithms.signer(ca.certificate().getPublicKey(), ca.privateKey())));
  }
}
