package io.keyfleet.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.certmanager.api.model.v1.Certificate;
import io.fabric8.certmanager.api.model.v1.CertificateBuilder;
import io.fabric8.certmanager.api.model.v1.CertificateRequest;
import io.fabric8.certmanager.api.model.v1.CertificateRequestBuilder;
import io.fabric8.certmanager.api.model.v1.CertificateRequestCondition;
import io.fabric8.certmanager.api.model.v1.ClusterIssuer;
import io.fabric8.certmanager.api.model.v1.ClusterIssuerBuilder;
import io.fabric8.certmanager.client.CertManagerClient;
import io.fabric8.kubernetes.api.model.Secret;
import io.keyfleet.api.v1alpha1.policy.KeyAlgorithm;
import io.keyfleet.operator.pki.KeyPairs;
import io.keyfleet.operator.pki.Pem;
import io.keyfleet.operator.testing.LocalCertManager;
import io.keyfleet.operator.testing.LocalControlPlane;
import io.keyfleet.operator.testing.Openssl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cert-manager test component (built from cert-manager's Go module, see
 * e2e/tools/cert-manager) on the real local control plane: a self-signed ClusterIssuer signs a CA
 * Certificate, a CA ClusterIssuer on its Secret signs a device's CertificateRequest (a P-256 CSR
 * made with Bouncy Castle) and a Certificate; openssl checks the chains as an independent party.
 */
class CertManagerIT {
  static final Duration ISSUANCE = Duration.ofSeconds(60);

  static LocalControlPlane plane;
  static CertManagerClient certManagerApi;
  static LocalCertManager certManager;
  static String caNamespace;
  static String namespace;
  static String selfSignedIssuer;
  static String caIssuer;

  @BeforeAll
  static void startCertManagerWithACa() {
    plane = LocalControlPlane.get();
    certManagerApi = plane.client().adapt(CertManagerClient.class);
    caNamespace = plane.createNamespace("cert-manager-ca");
    namespace = plane.createNamespace("cert-manager-it");
    certManager = LocalCertManager.start(plane, caNamespace);
    // ClusterIssuers are cluster-wide: named after this run's namespace so reruns never meet.
    selfSignedIssuer = "selfsigned-" + caNamespace;
    caIssuer = "ca-" + caNamespace;

    createClusterIssuer(new ClusterIssuerBuilder()
        .withNewMetadata().withName(selfSignedIssuer).endMetadata()
        .withNewSpec().withNewSelfSigned().endSelfSigned().endSpec()
        .build());
    certManagerApi.v1().certificates().inNamespace(caNamespace).resource(new CertificateBuilder()
            .withNewMetadata().withName("fleet-ca").endMetadata()
            .withNewSpec()
            .withIsCA(true)
            .withCommonName("Keyfleet test fleet CA")
            .withSecretName("fleet-ca")
            .withNewPrivateKey().withAlgorithm("ECDSA").withSize(256).endPrivateKey()
            .withNewIssuerRef().withName(selfSignedIssuer).withKind("ClusterIssuer").withGroup("cert-manager.io").endIssuerRef()
            .endSpec()
            .build())
        .create();
    awaitCertificate(caNamespace, "fleet-ca", CertManagerIT::ready);
    assertThat(caCertificate().getBasicConstraints()).as("isCA: a CA certificate").isGreaterThanOrEqualTo(0);

    createClusterIssuer(caIssuerOn(caIssuer, "fleet-ca"));
    await("ClusterIssuer " + caIssuer + " Ready").atMost(ISSUANCE).until(() -> issuerReady(caIssuer));
  }

  /**
   * The CA the CA ClusterIssuer signs with now. Read afresh, never kept: under load cert-manager
   * has been seen to issue the CA Certificate a second time right after it first turned Ready (a
   * full CI run), and the issuer then signs with the newer one.
   */
  static X509Certificate caCertificate() {
    return certificates(secretText(caNamespace, "fleet-ca", "tls.crt")).get(0);
  }

  @AfterAll
  static void stopCertManager() {
    if (certManager != null) {
      certManager.close();
    }
    if (certManagerApi != null) {
      for (String name : new String[] {selfSignedIssuer, caIssuer, "not-yet-" + caNamespace}) {
        certManagerApi.v1().clusterIssuers().withName(name).delete();
      }
    }
  }

  @Test
  void signsADevicesP256RequestThatOpensslVerifiesAgainstTheCa(@TempDir Path dir) throws Exception {
    KeyPair device = KeyPairs.generate(KeyAlgorithm.ECDSA_P256);
    create(request("pump-1", csr("PUMP-1", device), caIssuer));

    CertificateRequest signed = awaitRequest("pump-1", r -> condition(r, "Ready").filter(c -> c.getStatus().equals("True")).isPresent());

    assertThat(condition(signed, "Approved")).hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
    String certificate = decode(signed.getStatus().getCertificate());
    X509Certificate leaf = certificates(certificate).get(0);
    assertThat(leaf.getPublicKey().getEncoded()).as("the device's own key").isEqualTo(device.getPublic().getEncoded());
    assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=PUMP-1");
    X509Certificate ca = caCertificate();
    assertThat(certificates(decode(signed.getStatus().getCa())).get(0)).isEqualTo(ca);
    Files.writeString(dir.resolve("ca.pem"), Pem.certificate(ca));
    Files.writeString(dir.resolve("pump-1.pem"), certificate);
    Openssl.Result verify = Openssl.run(dir, "verify", "-x509_strict", "-CAfile", "ca.pem", "pump-1.pem");
    assertThat(verify.exitCode()).as(verify.output()).isZero();
    assertThat(verify.output()).contains("pump-1.pem: OK");
  }

  @Test
  void writesACertificatesSecretWithAChainToTheCa(@TempDir Path dir) throws Exception {
    certManagerApi.v1().certificates().inNamespace(namespace).resource(new CertificateBuilder()
            .withNewMetadata().withName("gateway").endMetadata()
            .withNewSpec()
            .withCommonName("gateway.devices.example.com")
            .withDnsNames("gateway.devices.example.com")
            .withSecretName("gateway-tls")
            .withNewPrivateKey().withAlgorithm("ECDSA").withSize(256).endPrivateKey()
            .withNewIssuerRef().withName(caIssuer).withKind("ClusterIssuer").withGroup("cert-manager.io").endIssuerRef()
            .endSpec()
            .build())
        .create();

    Certificate ready = awaitCertificate(namespace, "gateway", CertManagerIT::ready);

    assertThat(ready.getStatus().getRevision()).isEqualTo(1);
    assertThat(ready.getStatus().getNotAfter()).isNotBlank();
    Secret secret = plane.client().secrets().inNamespace(namespace).withName("gateway-tls").get();
    assertThat(secret.getType()).isEqualTo("kubernetes.io/tls");
    assertThat(secret.getData()).containsKeys("tls.crt", "tls.key", "ca.crt");
    X509Certificate leaf = certificates(secretText(namespace, "gateway-tls", "tls.crt")).get(0);
    assertThat(signsFor(Pem.parsePrivateKey(secretText(namespace, "gateway-tls", "tls.key")), leaf))
        .as("tls.key is the key of tls.crt").isTrue();
    assertThat(certificates(secretText(namespace, "gateway-tls", "ca.crt")).get(0)).isEqualTo(caCertificate());
    Files.writeString(dir.resolve("ca.crt"), secretText(namespace, "gateway-tls", "ca.crt"));
    Files.writeString(dir.resolve("tls.crt"), secretText(namespace, "gateway-tls", "tls.crt"));
    Openssl.Result verify = Openssl.run(dir, "verify", "-x509_strict", "-CAfile", "ca.crt", "tls.crt");
    assertThat(verify.exitCode()).as(verify.output()).isZero();
    Openssl.Result san = Openssl.run(dir, "x509", "-in", "tls.crt", "-noout", "-ext", "subjectAltName");
    assertThat(san.output()).contains("DNS:gateway.devices.example.com");
  }

  @Test
  void aRequestForAClusterIssuerThatDoesNotExistWaitsPendingUntilItAppears() throws Exception {
    String missing = "not-yet-" + caNamespace;
    create(request("pump-2", csr("PUMP-2", KeyPairs.generate(KeyAlgorithm.ECDSA_P256)), missing));

    CertificateRequest pending = awaitRequest("pump-2", r -> condition(r, "Ready").isPresent());

    // cert-manager's approver approves whatever the issuer; the issuer controller then waits.
    assertThat(condition(pending, "Approved")).hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
    CertificateRequestCondition notReady = condition(pending, "Ready").orElseThrow();
    assertThat(notReady.getStatus()).isEqualTo("False");
    assertThat(notReady.getReason()).isEqualTo("Pending");
    assertThat(notReady.getMessage()).contains("Referenced \"ClusterIssuer\" not found").contains(missing);
    assertThat(pending.getStatus().getCertificate()).isNull();

    // Pending, not failed: the request is signed once the issuer exists.
    createClusterIssuer(caIssuerOn(missing, "fleet-ca"));
    CertificateRequest signed = awaitRequest("pump-2", r -> condition(r, "Ready").filter(c -> c.getStatus().equals("True")).isPresent());
    assertThat(certificates(decode(signed.getStatus().getCa())).get(0)).isEqualTo(caCertificate());
  }

  private static ClusterIssuer caIssuerOn(String name, String secretName) {
    return new ClusterIssuerBuilder()
        .withNewMetadata().withName(name).endMetadata()
        .withNewSpec().withNewCa().withSecretName(secretName).endCa().endSpec()
        .build();
  }

  private static void createClusterIssuer(ClusterIssuer issuer) {
    certManagerApi.v1().clusterIssuers().resource(issuer).create();
  }

  private static boolean issuerReady(String name) {
    ClusterIssuer issuer = certManagerApi.v1().clusterIssuers().withName(name).get();
    return issuer != null && issuer.getStatus() != null && issuer.getStatus().getConditions() != null
        && issuer.getStatus().getConditions().stream().anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
  }

  /** A CSR as a device makes it: a P-256 key, the subject, signed with ECDSA-SHA256. */
  private static String csr(String commonName, KeyPair key) throws Exception {
    byte[] der = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + commonName), key.getPublic())
        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()))
        .getEncoded();
    return "-----BEGIN CERTIFICATE REQUEST-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END CERTIFICATE REQUEST-----\n";
  }

  // spec.request is the PEM CSR, base64-encoded once more (a []byte in cert-manager's Go types).
  private static CertificateRequest request(String name, String csrPem, String clusterIssuer) {
    return new CertificateRequestBuilder()
        .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
        .withNewSpec()
        .withRequest(Base64.getEncoder().encodeToString(csrPem.getBytes(StandardCharsets.US_ASCII)))
        .withUsages("digital signature", "client auth")
        .withNewIssuerRef().withName(clusterIssuer).withKind("ClusterIssuer").withGroup("cert-manager.io").endIssuerRef()
        .endSpec()
        .build();
  }

  private static void create(CertificateRequest request) {
    certManagerApi.v1().certificateRequests().inNamespace(namespace).resource(request).create();
  }

  private static CertificateRequest awaitRequest(String name, Predicate<CertificateRequest> until) {
    return await("CertificateRequest " + name + " (cert-manager log: " + certManager.log() + ")")
        .atMost(ISSUANCE)
        .until(() -> certManagerApi.v1().certificateRequests().inNamespace(namespace).withName(name).get(),
            r -> r != null && r.getStatus() != null && until.test(r));
  }

  private static Certificate awaitCertificate(String ns, String name, Predicate<Certificate> until) {
    return await("Certificate " + ns + "/" + name + " (cert-manager log: " + certManager.log() + ")")
        .atMost(ISSUANCE)
        .until(() -> certManagerApi.v1().certificates().inNamespace(ns).withName(name).get(),
            c -> c != null && c.getStatus() != null && until.test(c));
  }

  private static boolean ready(Certificate certificate) {
    return certificate.getStatus().getConditions() != null
        && certificate.getStatus().getConditions().stream().anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
  }

  private static Optional<CertificateRequestCondition> condition(CertificateRequest request, String type) {
    List<CertificateRequestCondition> conditions = request.getStatus().getConditions();
    return conditions == null ? Optional.empty() : conditions.stream().filter(c -> c.getType().equals(type)).findFirst();
  }

  // Proves the pair by a signature, so no assertion ever prints the private key.
  private static boolean signsFor(PrivateKey key, X509Certificate certificate) throws Exception {
    byte[] data = "keyfleet".getBytes(StandardCharsets.US_ASCII);
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(key);
    signer.update(data);
    Signature verifier = Signature.getInstance("SHA256withECDSA");
    verifier.initVerify(certificate.getPublicKey());
    verifier.update(data);
    return verifier.verify(signer.sign());
  }

  private static String secretText(String ns, String secret, String key) {
    return decode(plane.client().secrets().inNamespace(ns).withName(secret).get().getData().get(key));
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.US_ASCII);
  }

  private static List<X509Certificate> certificates(String pem) {
    return Pem.parseCertificates(pem);
  }
}
