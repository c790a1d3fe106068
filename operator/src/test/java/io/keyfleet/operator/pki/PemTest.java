package io.keyfleet.operator.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.keyfleet.api.v1alpha1.policy.KeyAlgorithm;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class PemTest {
  @TempDir Path dir;

  @Test
  void certificateChainsRoundTripInOrder() {
    X509Certificate leaf = leaf();
    X509Certificate ca = Fixtures.ca().certificate();

    String pem = Pem.certificates(List.of(leaf, ca));

    assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----\n").endsWith("-----END CERTIFICATE-----\n");
    assertThat(pem.lines().filter(l -> !l.startsWith("-----")))
        .allSatisfy(line -> assertThat(line.length()).isBetween(1, 64));
    assertThat(pem).doesNotContain("\r");
    assertThat(Pem.parseCertificates(pem)).containsExactly(leaf, ca);
    assertThat(pem).isEqualTo(Pem.certificate(leaf) + Pem.certificate(ca));
  }

  @Test
  void opensslReadsTheCertificatePemAndAgreesOnFingerprintAndSerial() {
    X509Certificate leaf = leaf();
    OpenSsl.write(dir, "tls.crt", Pem.certificate(leaf));

    String fingerprint =
        OpenSsl.ok(dir, "x509", "-in", "tls.crt", "-noout", "-fingerprint", "-sha256");
    String serial = OpenSsl.ok(dir, "x509", "-in", "tls.crt", "-noout", "-serial");

    String hex = fingerprint.substring(fingerprint.indexOf('=') + 1).trim().replace(":", "");
    assertThat(Pem.sha256Fingerprint(leaf)).hasSize(64).isEqualTo(hex.toLowerCase());
    BigInteger opensslSerial = new BigInteger(serial.substring(serial.indexOf('=') + 1).trim(), 16);
    assertThat(new BigInteger(Pem.serialHex(leaf.getSerialNumber()), 16)).isEqualTo(opensslSerial);
    assertThat(Pem.serialHex(leaf.getSerialNumber())).matches("[0-9a-f]+");
  }

  @ParameterizedTest
  @CsvSource({"1, 1", "255, ff", "4096, 1000", "3054, bee"})
  void serialHexIsLowerCaseWithoutLeadingZeros(long serial, String hex) {
    assertThat(Pem.serialHex(BigInteger.valueOf(serial))).isEqualTo(hex);
  }

  @Test
  void serialHexRefusesNegativeNumbers() {
    assertThatIllegalArgumentException().isThrownBy(() -> Pem.serialHex(BigInteger.valueOf(-1)));
  }

  @ParameterizedTest
  @EnumSource(KeyAlgorithm.class)
  void privateKeysArePkcs8ThatOpensslReadsAndThatRoundTrip(KeyAlgorithm algorithm) {
    KeyPair pair = TestKeys.of(algorithm);
    String pem = Pem.privateKey(pair.getPrivate());
    OpenSsl.write(dir, "tls.key", pem);

    assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
    assertThat(OpenSsl.ok(dir, "pkey", "-in", "tls.key", "-pubout"))
        .isEqualTo(Pem.publicKey(pair.getPublic()));
    PrivateKey parsed = Pem.parsePrivateKey(pem);
    assertThat(SignatureAlgorithms.isPair(pair.getPublic(), parsed)).isTrue();
    assertThat(Pem.privateKey(parsed)).isEqualTo(pem);
  }

  @Test
  void ed25519KeysAreWrittenInPkcs8Version1() {
    String pem = Pem.privateKey(TestKeys.of(KeyAlgorithm.ED25519).getPrivate());
    OpenSsl.write(dir, "ed.key", pem);

    assertThat(OpenSsl.ok(dir, "asn1parse", "-in", "ed.key"))
        .containsPattern("INTEGER\\s+:00")
        .doesNotContain("cont [ 1 ]");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "EC PRIVATE KEY  | genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out k.pem | ec -in k.pem -out legacy.pem",
        "EC PARAMETERS   | ecparam -name prime256v1 -genkey -out legacy.pem                    | ec -in legacy.pem -pubout -out k.pub",
        "RSA PRIVATE KEY | pkey -in rsa2048.pem -out k.pem                                     | pkey -in k.pem -traditional -out legacy.pem",
      })
  void legacyOpensslKeyFormatsAreRead(String header, String generate, String convert) {
    OpenSsl.write(dir, "rsa2048.pem", Pem.privateKey(TestKeys.rsa2048().getPrivate()));
    OpenSsl.ok(dir, generate.trim().split(" "));
    OpenSsl.ok(dir, convert.trim().split(" "));
    OpenSsl.ok(dir, "pkey", "-in", "legacy.pem", "-pubout", "-out", "legacy.pub");
    String legacy = OpenSsl.read(dir, "legacy.pem");

    assertThat(legacy).contains("-----BEGIN " + header + "-----");
    PrivateKey key = Pem.parsePrivateKey(legacy);
    assertThat(PemTest.matches(TestKeys.publicKey(OpenSsl.read(dir, "legacy.pub")), key))
        .isTrue();
  }

  @Test
  void publicKeyPemMatchesOpenssl() {
    KeyPair pair = TestKeys.of(KeyAlgorithm.ECDSA_P384);
    OpenSsl.write(dir, "k.pem", Pem.privateKey(pair.getPrivate()));

    assertThat(Pem.publicKey(pair.getPublic()))
        .isEqualTo(OpenSsl.ok(dir, "pkey", "-in", "k.pem", "-pubout"))
        .startsWith("-----BEGIN PUBLIC KEY-----\n");
  }

  @Test
  void parseCertificatesSkipsOtherBlocks() {
    X509Certificate leaf = leaf();
    String bundle =
        "subject=whatever\n"
            + Pem.certificate(leaf)
            + Pem.privateKey(TestKeys.of(KeyAlgorithm.ECDSA_P256).getPrivate())
            + Pem.certificate(Fixtures.ca().certificate());

    assertThat(Pem.parseCertificates(bundle)).containsExactly(leaf, Fixtures.ca().certificate());
  }

  @Test
  void anEncryptedKeyIsRefusedClearly() {
    OpenSsl.write(dir, "k.pem", Pem.privateKey(TestKeys.of(KeyAlgorithm.ECDSA_P256).getPrivate()));
    OpenSsl.ok(dir, "pkey", "-in", "k.pem", "-aes256", "-passout", "pass:secret", "-out", "enc.pem");

    assertThatIllegalArgumentException()
        .isThrownBy(() -> Pem.parsePrivateKey(OpenSsl.read(dir, "enc.pem")))
        .withMessageContaining("encrypted");
  }

  @Test
  void refusesTextWithoutTheWantedBlock() {
    String certificate = Pem.certificate(Fixtures.ca().certificate());
    String key = Pem.privateKey(Fixtures.ca().privateKey());

    assertThatIllegalArgumentException()
        .isThrownBy(() -> Pem.parsePrivateKey(certificate))
        .withMessageContaining("no PRIVATE KEY");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Pem.parseCertificates(key))
        .withMessageContaining("no CERTIFICATE");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Pem.parseCrl(certificate))
        .withMessageContaining("no X509 CRL");
    assertThatIllegalArgumentException().isThrownBy(() -> Pem.parseCertificates(""));
    assertThatIllegalArgumentException().isThrownBy(() -> Pem.parsePrivateKey(null));
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                Pem.parseCertificates(
                    "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"));
  }

  /** Whether the key pair matches, by a signature (RSA-2048 is below what the CA code accepts). */
  static boolean matches(java.security.PublicKey publicKey, PrivateKey privateKey) {
    try {
      String algorithm = publicKey.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
      java.security.Signature signer =
          java.security.Signature.getInstance(algorithm, Providers.bouncyCastle());
      signer.initSign(privateKey);
      signer.update(new byte[] {1, 2, 3});
      byte[] signature = signer.sign();
      signer.initVerify(publicKey);
      signer.update(new byte[] {1, 2, 3});
      return signer.verify(signature);
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  private static X509Certificate leaf() {
    return CertificateIssuer.issue(
        Fixtures.ca(),
        Fixtures.request(TestKeys.of(KeyAlgorithm.ECDSA_P256).getPublic()),
        Fixtures.CLOCK);
  }
}
