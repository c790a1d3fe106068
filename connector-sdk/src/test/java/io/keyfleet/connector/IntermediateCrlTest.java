package io.keyfleet.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.CRLReason;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import javax.net.ssl.X509ExtendedTrustManager;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A fleet whose cert-manager issuer certified an intermediate CA for Keyfleet (signing
 * Intermediate): the devices trust the issuer's CA, their certificates and the CRL are signed by
 * the intermediate, published beside the CRL as {@code crl-signer.crt}. The SDK takes that CRL only
 * with the intermediate given, and only an intermediate the trusted CA issued that may sign
 * certificates and CRLs.
 */
class IntermediateCrlTest {
  static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  static final RevocationListTest.MutableClock CLOCK = new RevocationListTest.MutableClock(NOW);
  static TestCa root;
  static TestCa intermediate;
  static TestCa.Leaf good;
  static TestCa.Leaf revoked;
  static byte[] crl;

  @BeforeAll
  static void fleet() throws Exception {
    root = TestCa.rootOfIntermediates("Hospital device CA", NOW);
    intermediate = root.intermediate("keyfleet device CA hospital-a/pumps", NOW, true, KeyUsage.keyCertSign | KeyUsage.cRLSign);
    good = intermediate.issue("pump-1", null, NOW);
    revoked = intermediate.issue("pump-2", null, NOW);
    crl = intermediate.crl(NOW.minusSeconds(60), NOW.plus(Duration.ofHours(1)),
        new TestCa.Revoked(revoked.certificate().getSerialNumber(), CRLReason.KEY_COMPROMISE.ordinal())).getEncoded();
  }

  @Test
  void theCrlOfTheIntermediateRevokesItsDevices() throws Exception {
    RevocationList list = RevocationList.parse(crl, List.of(root.certificate), List.of(intermediate.certificate), CLOCK);

    assertThat(list.indirect()).isFalse();
    assertThat(list.issuer()).isEqualTo(intermediate.certificate);
    assertThat(list.isRevoked(revoked.certificate())).isTrue();
    assertThat(list.isRevoked(good.certificate())).isFalse();
  }

  @Test
  void withoutTheIntermediateTheCrlIsRefused() {
    assertThatThrownBy(() -> RevocationList.parse(crl, List.of(root.certificate), CLOCK))
        .isInstanceOf(RevocationListException.class)
        .hasMessageContaining("none of the CA certificates given");
  }

  @Test
  void anIntermediateAnotherCaIssuedIsRefused() throws Exception {
    TestCa stranger = TestCa.rootOfIntermediates("Someone else", NOW);

    assertThatThrownBy(() -> RevocationList.parse(crl, List.of(stranger.certificate), List.of(intermediate.certificate), CLOCK))
        .isInstanceOf(RevocationListException.class)
        .hasMessageContaining("was issued by none of the CA certificates given");
  }

  @Test
  void aSignerThatIsNoCaOrMayNotSignCrlsIsRefused() throws Exception {
    TestCa notCa = root.intermediate("keyfleet device CA hospital-a/pumps", NOW, false, KeyUsage.keyCertSign | KeyUsage.cRLSign);
    TestCa noCrlSign = root.intermediate("keyfleet device CA hospital-a/pumps", NOW, true, KeyUsage.keyCertSign);
    for (TestCa signer : List.of(notCa, noCrlSign)) {
      byte[] signed = signer.crl(NOW.minusSeconds(60), NOW.plus(Duration.ofHours(1))).getEncoded();

      assertThatThrownBy(() -> RevocationList.parse(signed, List.of(root.certificate), List.of(signer.certificate), CLOCK))
          .isInstanceOf(RevocationListException.class)
          .hasMessageContaining("is not a CA that may sign certificates and CRLs");
    }
  }

  @Test
  void aCrlSignedByAnotherKeyOfTheSameNameIsRefused() throws Exception {
    TestCa impostor = root.intermediate("keyfleet device CA hospital-a/pumps", NOW, true, KeyUsage.keyCertSign | KeyUsage.cRLSign);
    byte[] forged = impostor.crl(NOW.minusSeconds(60), NOW.plus(Duration.ofHours(1))).getEncoded();

    assertThatThrownBy(() -> RevocationList.parse(forged, List.of(root.certificate), List.of(intermediate.certificate), CLOCK))
        .isInstanceOf(RevocationListException.class)
        .hasMessageContaining("is not signed by the key of the intermediate CA");
  }

  @Test
  void anIssuerWhoseCaIsItselfAnIntermediateIsFollowedThroughTheCertificatesGivenWithTheCrl() throws Exception {
    // root -> the issuer's own intermediate -> Keyfleet's intermediate -> devices; crl-signer.crt
    // then holds Keyfleet's intermediate and the issuer's.
    TestCa issuing = root.intermediate("Hospital issuing CA", NOW, true, KeyUsage.keyCertSign | KeyUsage.cRLSign);
    TestCa ours = issuing.intermediate("keyfleet device CA hospital-a/infusion", NOW, true, KeyUsage.keyCertSign | KeyUsage.cRLSign);
    TestCa.Leaf device = ours.issue("pump-9", null, NOW);
    byte[] signed = ours.crl(NOW.minusSeconds(60), NOW.plus(Duration.ofHours(1)),
        new TestCa.Revoked(device.certificate().getSerialNumber(), CRLReason.KEY_COMPROMISE.ordinal())).getEncoded();

    RevocationList list = RevocationList.parse(signed, List.of(root.certificate), List.of(ours.certificate, issuing.certificate), CLOCK);

    assertThat(list.issuer()).isEqualTo(ours.certificate);
    assertThat(list.isRevoked(device.certificate())).isTrue();
    assertThatThrownBy(() -> RevocationList.parse(signed, List.of(root.certificate), List.of(ours.certificate), CLOCK))
        .as("without the issuer's intermediate").isInstanceOf(RevocationListException.class)
        .hasMessageContaining("was issued by none of the CA certificates given");
    // The issuer's intermediate must be a CA that may sign certificates.
    TestCa notCa = root.intermediate("Hospital issuing CA", NOW, false, KeyUsage.keyCertSign | KeyUsage.cRLSign);
    TestCa underNotCa = notCa.intermediate("keyfleet device CA hospital-a/infusion", NOW, true, KeyUsage.keyCertSign | KeyUsage.cRLSign);
    byte[] underNotCaCrl = underNotCa.crl(NOW.minusSeconds(60), NOW.plus(Duration.ofHours(1))).getEncoded();
    assertThatThrownBy(() -> RevocationList.parse(underNotCaCrl, List.of(root.certificate),
        List.of(underNotCa.certificate, notCa.certificate), CLOCK)).isInstanceOf(RevocationListException.class);
    // TLS finds the whole path from the certificates given with the CRL.
    X509ExtendedTrustManager trust = list.trustManager(List.of(root.certificate));
    TestCa.Leaf other = ours.issue("pump-10", null, NOW);
    trust.checkClientTrusted(new X509Certificate[] {other.certificate()}, "ECDHE_ECDSA");
    assertThatThrownBy(() -> trust.checkClientTrusted(new X509Certificate[] {device.certificate()}, "ECDHE_ECDSA"))
        .isInstanceOf(CertificateException.class);
  }

  @Test
  void tlsRefusesTheRevokedDeviceAndFindsTheIntermediateWhenThePeerSendsOnlyItsOwnCertificate() throws Exception {
    RevocationList list = RevocationList.parse(crl, List.of(root.certificate), List.of(intermediate.certificate), CLOCK);
    X509ExtendedTrustManager trust = list.trustManager(List.of(root.certificate));

    trust.checkClientTrusted(new X509Certificate[] {good.certificate(), intermediate.certificate}, "ECDHE_ECDSA");
    trust.checkClientTrusted(new X509Certificate[] {good.certificate()}, "ECDHE_ECDSA");
    assertThatThrownBy(() -> trust.checkClientTrusted(new X509Certificate[] {revoked.certificate(), intermediate.certificate}, "ECDHE_ECDSA"))
        .isInstanceOf(CertificateException.class);
  }
}
