package io.keyfleet.operator.pki;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyfleet.api.v1alpha1.policy.KeyAlgorithm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class CsrValidatorTest {
  @TempDir Path dir;

  /** A CSR made by openssl with a fresh key of the given kind ("ec:CURVE", "rsa:BITS", "ed25519"). */
  private String opensslCsr(String key, String subject) {
    List<String> args = new ArrayList<>(List.of("req", "-new", "-nodes", "-subj", subject));
    if (key.startsWith("ec:")) {
      args.addAll(List.of("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:" + key.substring(3)));
    } else {
      args.addAll(List.of("-newkey", key));
    }
    args.addAll(List.of("-keyout", "device.key", "-out", "device.csr"));
    OpenSsl.ok(dir, args.toArray(new String[0]));
    return OpenSsl.read(dir, "device.csr");
  }

  @Test
  void acceptsAnOpensslP256CsrAndReturnsItsKey() {
    String csr = opensslCsr("ec:P-256", "/CN=PUMP-1");

    CsrCheck check = CsrValidator.check(csr, "PUMP-1", KeyAlgorithm.ECDSA_P256);

    assertThat(check.accepted()).as(check.message()).isTrue();
    assertThat(check.problem()).isNull();
    assertThat(KeyPairs.algorithmOf(check.publicKey())).isEqualTo(KeyAlgorithm.ECDSA_P256);
    assertThat(Pem.publicKey(check.publicKey()))
        .isEqualTo(OpenSsl.ok(dir, "pkey", "-in", "device.key", "-pubout"));
  }

  @ParameterizedTest(name = "{0} {1} as {2}")
  @CsvSource({
    "ec:P-384,   /CN=PUMP-1,                ECDSA_P384",
    "ed25519,    /CN=PUMP-1,                ED25519",
    "ec:P-256,   /C=DE/O=Acme/OU=x/CN=PUMP-1, ECDSA_P256",
  })
  void acceptsOtherAllowedCsrs(String key, String subject, KeyAlgorithm algorithm) {
    CsrCheck check = CsrValidator.check(opensslCsr(key, subject), "PUMP-1", algorithm);

    assertThat(check.accepted()).as(check.message()).isTrue();
    assertThat(KeyPairs.algorithmOf(check.publicKey())).isEqualTo(algorithm);
  }

  @Test
  void acceptsAnRsa3072CsrBuiltInJava() throws Exception {
    KeyPair rsa = TestKeys.of(KeyAlgorithm.RSA_3072);
    PKCS10CertificationRequest request =
        new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=PUMP-1"), rsa.getPublic())
            .build(new JcaContentSignerBuilder("SHA256withRSA").build(rsa.getPrivate()));
    String csr = pem("CERTIFICATE REQUEST", request.getEncoded());

    CsrCheck check = CsrValidator.check(csr, "PUMP-1", KeyAlgorithm.RSA_3072);

    assertThat(check.accepted()).as(check.message()).isTrue();
    assertThat(check.publicKey().getEncoded()).isEqualTo(rsa.getPublic().getEncoded());
  }

  @ParameterizedTest(name = "{0} {1} required {2} -> {3}")
  @CsvSource({
    "rsa:1024,        /CN=PUMP-1,        RSA_3072,   WeakKey,             RSA-1024",
    "ec:secp256k1,    /CN=PUMP-1,        ECDSA_P256, WeakKey,             secp256k1",
    "ec:P-224,        /CN=PUMP-1,        ECDSA_P256, WeakKey,             224",
    "ec:P-384,        /CN=PUMP-1,        ECDSA_P256, DisallowedAlgorithm, ECDSA-P384",
    "ed25519,         /CN=PUMP-1,        ECDSA_P256, DisallowedAlgorithm, Ed25519",
    "ec:P-256,        /CN=PUMP-1,        ED25519,    DisallowedAlgorithm, ECDSA-P256",
    "ec:P-256,        /CN=PUMP-2,        ECDSA_P256, SubjectMismatch,     PUMP-2",
    "ec:P-256,        /CN=pump-1,        ECDSA_P256, SubjectMismatch,     pump-1",
    "ec:P-256,        /O=Acme,           ECDSA_P256, SubjectMismatch,     no single CN",
    "ec:P-256,        /CN=PUMP-1/CN=PUMP-1, ECDSA_P256, SubjectMismatch,  no single CN",
  })
  void refusesWithTheFirstProblem(
      String key, String subject, KeyAlgorithm required, CsrProblem problem, String mentioned) {
    CsrCheck check = CsrValidator.check(opensslCsr(key, subject), "PUMP-1", required);

    assertThat(check.accepted()).isFalse();
    assertThat(check.problem()).as(check.message()).isEqualTo(problem);
    assertThat(check.publicKey()).isNull();
    assertThat(check.message()).contains(mentioned).doesNotContain("BEGIN").hasSizeLessThan(200);
  }

  @Test
  void explicitCurveParametersAreAWeakKeyEvenForP256() {
    OpenSsl.ok(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
        "-pkeyopt", "ec_param_enc:explicit", "-out", "explicit.key");
    OpenSsl.ok(dir, "req", "-new", "-key", "explicit.key", "-subj", "/CN=PUMP-1", "-out", "e.csr");

    CsrCheck check =
        CsrValidator.check(OpenSsl.read(dir, "e.csr"), "PUMP-1", KeyAlgorithm.ECDSA_P256);

    assertThat(check.problem()).as(check.message()).isEqualTo(CsrProblem.WeakKey);
    assertThat(check.message()).contains("explicit curve parameters");
  }

  @Test
  void mismatchMessagesNameBothSides() {
    CsrCheck algorithm =
        CsrValidator.check(opensslCsr("ec:P-384", "/CN=PUMP-1"), "PUMP-1", KeyAlgorithm.ECDSA_P256);
    CsrCheck subject =
        CsrValidator.check(opensslCsr("ec:P-256", "/CN=PUMP-2"), "PUMP-1", KeyAlgorithm.ECDSA_P256);

    assertThat(algorithm.message()).contains("ECDSA-P384").contains("ECDSA-P256");
    assertThat(subject.message()).contains("'PUMP-2'").contains("'PUMP-1'");
  }

  @Test
  void aTamperedSignatureIsABadSignature() {
    byte[] der = der(opensslCsr("ec:P-256", "/CN=PUMP-1"));
    der[der.length - 1] ^= 0x01; // the last byte belongs to the signature's s value
    String tampered = pem("CERTIFICATE REQUEST", der);

    CsrCheck check = CsrValidator.check(tampered, "PUMP-1", KeyAlgorithm.ECDSA_P256);

    assertThat(check.problem()).as(check.message()).isEqualTo(CsrProblem.BadSignature);
    assertThat(check.publicKey()).isNull();
  }

  @Test
  void aTamperedSubjectIsABadSignatureToo() {
    byte[] der = der(opensslCsr("ec:P-256", "/CN=PUMP-1"));
    String text = new String(der, StandardCharsets.ISO_8859_1);
    int at = text.indexOf("PUMP-1");
    der[at + 5] = '2'; // now CN=PUMP-2, signed as PUMP-1

    CsrCheck check =
        CsrValidator.check(pem("CERTIFICATE REQUEST", der), "PUMP-2", KeyAlgorithm.ECDSA_P256);

    assertThat(check.problem()).as(check.message()).isEqualTo(CsrProblem.BadSignature);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "garbage",
        "-----BEGIN CERTIFICATE REQUEST-----\nbm90IGEgY3Ny\n-----END CERTIFICATE REQUEST-----\n",
        "-----BEGIN CERTIFICATE REQUEST-----\n!!!!\n-----END CERTIFICATE REQUEST-----\n",
      })
  void garbageIsUnparseable(String csr) {
    CsrCheck check = CsrValidator.check(csr, "PUMP-1", KeyAlgorithm.ECDSA_P256);

    assertThat(check.problem()).isEqualTo(CsrProblem.Unparseable);
    assertThat(check.message()).contains("PKCS#10");
  }

  @Test
  void aCertificateIsNotACsr() {
    String certificate = Pem.certificate(Fixtures.ca().certificate());

    assertThat(CsrValidator.check(certificate, "PUMP-1", KeyAlgorithm.ECDSA_P256).problem())
        .isEqualTo(CsrProblem.Unparseable);
  }

  private static byte[] der(String pem) {
    String body =
        pem.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
    return Base64.getDecoder().decode(body);
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
