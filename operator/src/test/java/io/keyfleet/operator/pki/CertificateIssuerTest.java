package io.keyfleet.operator.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.keyfleet.api.v1alpha1.policy.KeyAlgorithm;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class CertificateIssuerTest {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(KeyAlgorithm.class)
  void opensslVerifiesTheLeafAndSeesEveryExtension(KeyAlgorithm algorithm) {
    CaMaterial ca = Fixtures.ca();
    KeyPair device = TestKeys.of(algorithm);
    X509Certificate leaf =
        CertificateIssuer.issue(ca, Fixtures.request(device.getPublic()), Fixtures.CLOCK);
    OpenSsl.write(dir, "ca.crt", Pem.certificate(ca.certificate()));
    OpenSsl.write(dir, "tls.crt", Pem.certificate(leaf));
    OpenSsl.write(dir, "tls.key", Pem.privateKey(device.getPrivate()));

    assertThat(OpenSsl.ok(dir, "verify", "-CAfile", "ca.crt", "tls.crt")).contains("tls.crt: OK");
    assertThat(OpenSsl.ok(dir, "verify", "-purpose", "sslclient", "-CAfile", "ca.crt", "tls.crt"))
        .contains("OK");

    String text = OpenSsl.ok(dir, "x509", "-in", "tls.crt", "-noout", "-text");
    assertThat(text)
        .containsPattern("X509v3 Key Usage: critical\\s+Digital Signature\\s")
        .containsPattern("X509v3 Extended Key Usage:\\s+TLS Web Client Authentication\\s")
        .containsPattern("X509v3 Basic Constraints: critical\\s+CA:FALSE")
        .contains("X509v3 Subject Alternative Name:")
        .contains("DNS:" + Fixtures.DNS_NAME)
        .contains("URI:" + Fixtures.URI)
        .containsPattern("X509v3 CRL Distribution Points:\\s+Full Name:\\s+URI:" + Pattern.quote(Fixtures.CRL_URL))
        .contains("X509v3 Subject Key Identifier:")
        .contains("X509v3 Authority Key Identifier:")
        .contains("Subject: C = DE, O = Acme Medical, OU = Infusion, CN = PUMP-0001")
        .contains("Issuer: O = Keyfleet Tests, CN = Keyfleet Test Fleet CA")
        .contains("Signature Algorithm: ecdsa-with-SHA384")
        .contains(publicKeyLine(algorithm))
        .doesNotContain("Key Encipherment");
    String caText = OpenSsl.ok(dir, "x509", "-in", "ca.crt", "-noout", "-text");
    assertThat(keyId(text, "Authority")).isEqualTo(keyId(caText, "Subject"));
    assertThat(keyId(text, "Subject")).isNotEqualTo(keyId(caText, "Subject"));

    String keyPublic = OpenSsl.ok(dir, "pkey", "-in", "tls.key", "-pubout");
    String certPublic = OpenSsl.ok(dir, "x509", "-in", "tls.crt", "-pubkey", "-noout");
    assertThat(keyPublic).isEqualTo(certPublic).isEqualTo(Pem.publicKey(device.getPublic()));
  }

  private static String publicKeyLine(KeyAlgorithm algorithm) {
    return switch (algorithm) {
      case ECDSA_P256 -> "NIST CURVE: P-256";
      case ECDSA_P384 -> "NIST CURVE: P-384";
      case ED25519 -> "Public Key Algorithm: ED25519";
      case RSA_3072 -> "Public-Key: (3072 bit)";
      case RSA_4096 -> "Public-Key: (4096 bit)";
    };
  }

  /** The hex key id under "X509v3 {kind} Key Identifier:" in openssl -text output. */
  private static String keyId(String text, String kind) {
    Matcher matcher =
        Pattern.compile("X509v3 " + kind + " Key Identifier:\\s*\\n\\s*(?:keyid:)?([0-9A-F:]+)")
            .matcher(text);
    assertThat(matcher.find()).as("%s key identifier in%n%s", kind, text).isTrue();
    return matcher.group(1);
  }

  static Stream<Arguments> importedCas() {
    String ca = OpensslCa.CA_EXTENSIONS;
    String noSki = "basicConstraints = critical,CA:true\nkeyUsage = critical,keyCertSign,cRLSign";
    return Stream.of(
        Arguments.of("P-256", "ec:P-256", ca, "SHA256withECDSA", "ecdsa-with-SHA256"),
        Arguments.of("P-384", "ec:P-384", ca, "SHA384withECDSA", "ecdsa-with-SHA384"),
        Arguments.of("Ed25519", "ed25519", ca, "Ed25519", "ED25519"),
        Arguments.of("RSA-2048", "rsa2048", ca, "SHA256withRSA", "sha256WithRSAEncryption"),
        Arguments.of("P-256 without SKI", "ec:P-256", noSki, "SHA256withECDSA", "ecdsa-with-SHA256"));
  }

  /** CAs made by openssl, loaded with FleetCa.parse: the signature algorithm follows the CA key. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("importedCas")
  void signsWithTheAlgorithmOfAnImportedCasKey(
      String name, String key, String extensions, String javaName, String opensslName) {
    OpenSsl.write(dir, "ca.cnf", OpensslCa.config(extensions));
    String[] keyArgs =
        switch (key) {
          case "ed25519" -> new String[] {"-newkey", "ed25519"};
          case "rsa2048" -> {
            OpenSsl.write(dir, "rsa.key", Pem.privateKey(TestKeys.rsa2048().getPrivate()));
            yield new String[] {"-key", "rsa.key"};
          }
          default -> new String[] {
            "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:" + key.substring(3)
          };
        };
    List<String> args = new java.util.ArrayList<>(List.of("req", "-x509", "-config", "ca.cnf"));
    args.addAll(List.of(keyArgs));
    args.addAll(List.of("-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2"));
    OpenSsl.ok(dir, args.toArray(new String[0]));
    CaMaterial ca = FleetCa.parse(OpenSsl.read(dir, "ca.crt"), OpenSsl.read(dir, "ca.key"));

    X509Certificate leaf = CertificateIssuer.issue(ca, Fixtures.request(p256()), Fixtures.CLOCK);
    OpenSsl.write(dir, "tls.crt", Pem.certificate(leaf));

    assertThat(leaf.getSigAlgName()).isEqualToIgnoringCase(javaName);
    assertThat(OpenSsl.ok(dir, "verify", "-CAfile", "ca.crt", "tls.crt")).contains("tls.crt: OK");
    String text = OpenSsl.ok(dir, "x509", "-in", "tls.crt", "-noout", "-text");
    assertThat(text).contains("Signature Algorithm: " + opensslName).contains("Issuer: CN = Imported CA");
    String caText = OpenSsl.ok(dir, "x509", "-in", "ca.crt", "-noout", "-text");
    if (caText.contains("Subject Key Identifier")) {
      assertThat(keyId(text, "Authority")).isEqualTo(keyId(caText, "Subject"));
    } else {
      assertThat(text).contains("X509v3 Authority Key Identifier:");
    }
  }

  @Test
  void validityStartsFiveMinutesEarlyAndLastsAsRequested() {
    X509Certificate leaf = issueP256(Fixtures.request(p256()), Fixtures.CLOCK);

    assertThat(leaf.getNotBefore().toInstant()).isEqualTo(Fixtures.NOW.minusSeconds(300));
    assertThat(leaf.getNotAfter().toInstant()).isEqualTo(Fixtures.NOW.plus(Fixtures.LEAF_VALIDITY));
    assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
    assertThat(leaf.getCriticalExtensionOIDs()).containsExactlyInAnyOrder("2.5.29.19", "2.5.29.15");
  }

  @Test
  void notAfterNeverPassesTheCasNotAfter() {
    CaMaterial shortCa = FleetCa.create("Short CA", null, Duration.ofDays(10), Fixtures.CLOCK);

    X509Certificate leaf =
        CertificateIssuer.issue(shortCa, Fixtures.request(p256()), Fixtures.CLOCK);

    assertThat(leaf.getNotAfter()).isEqualTo(shortCa.certificate().getNotAfter());
  }

  @Test
  void refusesToIssueFromAnExpiredCa() {
    Clock later = Clock.fixed(Fixtures.NOW.plus(Duration.ofDays(400)), ZoneOffset.UTC);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> issueP256(Fixtures.request(p256()), later))
        .withMessageContaining("expired");
  }

  static Stream<Arguments> usagesTheKeyCannotHave() {
    return Stream.of(
        Arguments.of(KeyAlgorithm.ECDSA_P256, KeyUsageName.keyEncipherment),
        Arguments.of(KeyAlgorithm.ECDSA_P384, KeyUsageName.keyEncipherment),
        Arguments.of(KeyAlgorithm.ECDSA_P256, KeyUsageName.dataEncipherment),
        Arguments.of(KeyAlgorithm.ED25519, KeyUsageName.keyEncipherment),
        Arguments.of(KeyAlgorithm.ED25519, KeyUsageName.keyAgreement),
        Arguments.of(KeyAlgorithm.RSA_3072, KeyUsageName.keyAgreement));
  }

  @ParameterizedTest(name = "{0} + {1}")
  @MethodSource("usagesTheKeyCannotHave")
  void rejectsKeyUsagesTheKeyCannotHave(KeyAlgorithm algorithm, KeyUsageName usage) {
    IssueRequest request =
        withUsages(
            Fixtures.request(TestKeys.of(algorithm).getPublic()),
            Set.of(KeyUsageName.digitalSignature, usage));

    assertThatIllegalArgumentException()
        .isThrownBy(() -> CertificateIssuer.issue(Fixtures.ca(), request, Fixtures.CLOCK))
        .withMessageContaining(usage.name());
  }

  @Test
  void rsaMayCarryKeyEnciphermentAndEcdsaKeyAgreement() {
    IssueRequest rsa =
        withUsages(
            Fixtures.request(TestKeys.of(KeyAlgorithm.RSA_3072).getPublic()),
            Set.of(KeyUsageName.digitalSignature, KeyUsageName.keyEncipherment));
    IssueRequest ec =
        withUsages(
            Fixtures.request(p256()),
            Set.of(KeyUsageName.digitalSignature, KeyUsageName.keyAgreement));
    OpenSsl.write(dir, "rsa.crt", Pem.certificate(issueP256(rsa, Fixtures.CLOCK)));
    OpenSsl.write(dir, "ec.crt", Pem.certificate(issueP256(ec, Fixtures.CLOCK)));

    assertThat(OpenSsl.ok(dir, "x509", "-in", "rsa.crt", "-noout", "-ext", "keyUsage"))
        .contains("Digital Signature, Key Encipherment");
    assertThat(OpenSsl.ok(dir, "x509", "-in", "ec.crt", "-noout", "-ext", "keyUsage"))
        .contains("Digital Signature, Key Agreement");
  }

  @Test
  void refusesDeviceKeysOutsideThePolicySet() {
    IssueRequest request = Fixtures.request(TestKeys.rsa2048().getPublic());

    assertThatIllegalArgumentException()
        .isThrownBy(() -> CertificateIssuer.issue(Fixtures.ca(), request, Fixtures.CLOCK))
        .withMessageContaining("RSA-2048");
  }

  @Test
  void serialsAreUniquePositiveAndAbout128Bits() {
    IssueRequest request = Fixtures.request(p256());
    Set<BigInteger> serials = new HashSet<>();
    int full = 0;
    for (int i = 0; i < 1000; i++) {
      BigInteger serial = issueP256(request, Fixtures.CLOCK).getSerialNumber();
      assertThat(serial.signum()).isPositive();
      assertThat(serial.bitLength()).isBetween(100, 128);
      full += serial.bitLength() == 128 ? 1 : 0;
      serials.add(serial);
    }
    assertThat(serials).hasSize(1000);
    assertThat(full).as("serials using the top bit (expected about half)").isBetween(350, 650);
  }

  @Test
  void sanOnlyCertificateHasACriticalSan() {
    IssueRequest request =
        new IssueRequest(
            new X500Name(new org.bouncycastle.asn1.x500.RDN[0]),
            List.of(),
            List.of(Fixtures.URI),
            Set.of(KeyUsageName.digitalSignature),
            Set.of(),
            p256(),
            Duration.ofDays(1),
            null);
    X509Certificate leaf = issueP256(request, Fixtures.CLOCK);
    OpenSsl.write(dir, "ca.crt", Pem.certificate(Fixtures.ca().certificate()));
    OpenSsl.write(dir, "tls.crt", Pem.certificate(leaf));

    assertThat(leaf.getCriticalExtensionOIDs()).contains("2.5.29.17");
    assertThat(OpenSsl.ok(dir, "verify", "-CAfile", "ca.crt", "tls.crt")).contains("OK");
    assertThat(OpenSsl.ok(dir, "x509", "-in", "tls.crt", "-noout", "-text"))
        .containsPattern("Alternative Name: critical\\s+URI:" + Pattern.quote(Fixtures.URI))
        .doesNotContain("Extended Key Usage")
        .doesNotContain("CRL Distribution Points");
  }

  @Test
  void serverAuthAndSeveralNames() {
    IssueRequest request =
        new IssueRequest(
            IssueRequest.subject("PUMP-0001", null, null, null),
            List.of("a.example.com", "b.example.com"),
            List.of(Fixtures.URI, "https://devices.example.com/PUMP-0001"),
            Set.of(KeyUsageName.digitalSignature, KeyUsageName.nonRepudiation),
            Set.of(ExtendedKeyUsageName.serverAuth, ExtendedKeyUsageName.clientAuth),
            p256(),
            Duration.ofDays(1),
            null);
    OpenSsl.write(dir, "tls.crt", Pem.certificate(issueP256(request, Fixtures.CLOCK)));

    assertThat(OpenSsl.ok(dir, "x509", "-in", "tls.crt", "-noout", "-text"))
        .contains("Subject: CN = PUMP-0001")
        .contains("Digital Signature, Non Repudiation")
        .contains("TLS Web Client Authentication, TLS Web Server Authentication")
        .contains("DNS:a.example.com, DNS:b.example.com, URI:" + Fixtures.URI
            + ", URI:https://devices.example.com/PUMP-0001");
  }

  @Test
  void subjectSkipsMissingPartsAndKeepsTheUsualOrder() {
    assertThat(IssueRequest.subject("PUMP-1", "Acme", "Infusion", "de"))
        .hasToString("C=DE,O=Acme,OU=Infusion,CN=PUMP-1");
    assertThat(IssueRequest.subject("PUMP-1", null, " ", null)).hasToString("CN=PUMP-1");
    assertThat(IssueRequest.subject(null, null, null, null).getRDNs()).isEmpty();
    assertThatIllegalArgumentException()
        .isThrownBy(() -> IssueRequest.subject("PUMP-1", null, null, "Germany"))
        .withMessageContaining("country");
  }

  static Stream<Arguments> invalidRequests() {
    return Stream.of(
        Arguments.of("no key usage", List.of(Fixtures.DNS_NAME), List.of(), Set.of(), "key usage"),
        Arguments.of("non-ASCII DNS", List.of("pümpe.example.com"), List.of(),
            Set.of(KeyUsageName.digitalSignature), "pümpe"),
        Arguments.of("relative URI", List.of(), List.of("devices/PUMP-1"),
            Set.of(KeyUsageName.digitalSignature), "devices/PUMP-1"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidRequests")
  void rejectsRequestsThatCannotBecomeCertificates(
      String name, List<String> dns, List<String> uris, Set<KeyUsageName> usages, String message) {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new IssueRequest(
                    IssueRequest.subject("PUMP-1", null, null, null),
                    dns, uris, usages, Set.of(), p256(), Duration.ofDays(1), null))
        .withMessageContaining(message);
  }

  private static PublicKey p256() {
    return TestKeys.of(KeyAlgorithm.ECDSA_P256).getPublic();
  }

  private static X509Certificate issueP256(IssueRequest request, Clock clock) {
    return CertificateIssuer.issue(Fixtures.ca(), request, clock);
  }

  private static IssueRequest withUsages(IssueRequest request, Set<KeyUsageName> usages) {
    return new IssueRequest(
        request.subject(),
        request.dnsNames(),
        request.uris(),
        usages,
        request.extendedKeyUsages(),
        request.publicKey(),
        request.validity(),
        request.crlDistributionPointUrl());
  }
}
