package io.keyfleet.operator.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.keyfleet.api.v1alpha1.policy.KeyAlgorithm;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FleetCaTest {
  @TempDir Path dir;

  @Test
  void createsASelfSignedP384CaWithTheRequiredExtensions() throws Exception {
    CaMaterial ca =
        FleetCa.create("Fleet A CA", "Hospital A", Duration.ofDays(3650), Fixtures.CLOCK);
    X509Certificate certificate = ca.certificate();

    certificate.verify(certificate.getPublicKey());
    assertThat(KeyPairs.algorithmOf(certificate.getPublicKey())).isEqualTo(KeyAlgorithm.ECDSA_P384);
    assertThat(certificate.getSigAlgName()).isEqualToIgnoringCase("SHA384withECDSA");
    assertThat(certificate.getSubjectX500Principal()).isEqualTo(certificate.getIssuerX500Principal());
    assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=Fleet A CA,O=Hospital A");
    assertThat(certificate.getNotBefore().toInstant()).isEqualTo(Fixtures.NOW.minusSeconds(300));
    assertThat(certificate.getNotAfter().toInstant())
        .isEqualTo(Fixtures.NOW.plus(Duration.ofDays(3650)));
    assertThat(certificate.getSerialNumber().signum()).isPositive();
    assertThat(certificate.getSerialNumber().bitLength()).isBetween(100, 128);
    assertThat(certificate.getBasicConstraints()).isZero();
    assertThat(certificate.getKeyUsage())
        .startsWith(false, false, false, false, false, true, true, false);
    assertThat(certificate.getCriticalExtensionOIDs())
        .containsExactlyInAnyOrder("2.5.29.19", "2.5.29.15");
    assertThat(certificate.getExtensionValue("2.5.29.14")).as("subject key identifier").isNotNull();
    assertThat(SignatureAlgorithms.isPair(certificate.getPublicKey(), ca.privateKey())).isTrue();

    OpenSsl.write(dir, "ca.crt", Pem.certificate(certificate));
    assertThat(OpenSsl.ok(dir, "x509", "-in", "ca.crt", "-noout", "-text"))
        .containsPattern("Basic Constraints: critical\\s+CA:TRUE, pathlen:0")
        .containsPattern("Key Usage: critical\\s+Certificate Sign, CRL Sign\\s")
        .contains("X509v3 Subject Key Identifier:")
        .contains("NIST CURVE: P-384")
        .contains("Signature Algorithm: ecdsa-with-SHA384");
    assertThat(OpenSsl.ok(dir, "verify", "-CAfile", "ca.crt", "ca.crt")).contains("OK");
  }

  @Test
  void organizationIsOptional() {
    CaMaterial ca = FleetCa.create("Fleet B CA", null, Duration.ofDays(1), Fixtures.CLOCK);

    assertThat(ca.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=Fleet B CA");
  }

  @ParameterizedTest
  @CsvSource(
      nullValues = "null",
      value = {"null, P1D, common name", "' ', P1D, common name", "CA, PT0S, validity", "CA, -P1D, validity"})
  void rejectsBadArguments(String commonName, Duration validity, String message) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> FleetCa.create(commonName, null, validity, Fixtures.CLOCK))
        .withMessageContaining(message);
  }

  @Test
  void parsesWhatItWrote() {
    CaMaterial ca = Fixtures.ca();

    CaMaterial parsed =
        FleetCa.parse(Pem.certificate(ca.certificate()), Pem.privateKey(ca.privateKey()));

    assertThat(parsed.certificate()).isEqualTo(ca.certificate());
    assertThat(parsed.privateKey().getEncoded()).isEqualTo(ca.privateKey().getEncoded());
  }

  @Test
  void parseRejectsAKeyOfAnotherCa() {
    CaMaterial other = FleetCa.create("Other CA", null, Duration.ofDays(1), Fixtures.CLOCK);

    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                FleetCa.parse(
                    Pem.certificate(Fixtures.ca().certificate()),
                    Pem.privateKey(other.privateKey())))
        .withMessageContaining("does not match");
  }

  @Test
  void parseRejectsAKeyOfAnotherType() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                FleetCa.parse(
                    Pem.certificate(Fixtures.ca().certificate()),
                    Pem.privateKey(TestKeys.of(KeyAlgorithm.ED25519).getPrivate())))
        .withMessageContaining("does not match");
  }

  @Test
  void parseRejectsALeafCertificate() {
    KeyPair device = TestKeys.of(KeyAlgorithm.ECDSA_P256);
    X509Certificate leaf =
        CertificateIssuer.issue(
            Fixtures.ca(), Fixtures.request(device.getPublic()), Fixtures.CLOCK);

    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> FleetCa.parse(Pem.certificate(leaf), Pem.privateKey(device.getPrivate())))
        .withMessageContaining("not a CA");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "basicConstraints = critical,CA:false",
        "basicConstraints = critical,CA:true\nkeyUsage = critical,digitalSignature",
        "keyUsage = critical,keyCertSign,cRLSign",
      })
  void parseRejectsOpensslCertificatesThatMayNotSign(String extensions) {
    OpenSsl.write(dir, "ca.cnf", OpensslCa.config(extensions));
    OpenSsl.ok(dir, "req", "-x509", "-config", "ca.cnf", "-newkey", "ec", "-pkeyopt",
        "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2");

    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> FleetCa.parse(OpenSsl.read(dir, "ca.crt"), OpenSsl.read(dir, "ca.key")))
        .withMessageMatching(".*(not a CA|keyCertSign).*");
  }

  @Test
  void parseRejectsGarbage() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> FleetCa.parse("not pem", Pem.privateKey(Fixtures.ca().privateKey())))
        .withMessageContaining("CERTIFICATE");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> FleetCa.parse(Pem.certificate(Fixtures.ca().certificate()), ""))
        .withMessageContaining("private key");
  }

  @Test
  void toStringNeverShowsTheKey() {
    CaMaterial ca = Fixtures.ca();
    String encodedKey = Base64.getEncoder().encodeToString(ca.privateKey().getEncoded());

    assertThat(ca.toString())
        .contains("Keyfleet Test Fleet CA")
        .contains("<redacted>")
        .doesNotContain(encodedKey.substring(40, 60));
  }
}
