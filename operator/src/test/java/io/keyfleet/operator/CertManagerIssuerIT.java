package io.keyfleet.operator;

import static io.keyfleet.operator.testing.CertManagerFixture.fleetReason;
import static io.keyfleet.operator.testing.OperatorFixture.reason;
import static io.keyfleet.operator.testing.OperatorFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.certmanager.client.CertManagerClient;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.keyfleet.api.v1alpha1.DeviceFleet;
import io.keyfleet.api.v1alpha1.DeviceIdentity;
import io.keyfleet.api.v1alpha1.KeyRotationPolicy;
import io.keyfleet.api.v1alpha1.fleet.IssuerRef;
import io.keyfleet.api.v1alpha1.identity.RevocationReason;
import io.keyfleet.operator.status.Conditions;
import io.keyfleet.operator.testing.CertManagerFixture;
import io.keyfleet.operator.testing.Openssl;
import io.keyfleet.operator.testing.OperatorFixture;
import io.keyfleet.operator.testing.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cert-manager issuer mode on the real local control plane with a real cert-manager: a CA
 * ClusterIssuer (whose CRL distribution point is the fleet's Keyfleet CRL URL) signs device
 * certificates for a generated key and for a device's CSR, and Keyfleet's CRL-signing certificate;
 * openssl checks the chains and the indirect CRL's signature, and the connector SDK's
 * RevocationList (like the JDK) refuses the revoked device. openssl itself cannot enforce the
 * indirect CRL (its result is printed; see docs/security.md).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CertManagerIssuerIT {
  static final Duration WAIT = OperatorFixture.WAIT;
  static OperatorFixture keyfleet;
  static CertManagerFixture cm;
  static KubernetesClient client;
  static CertManagerClient certManagerApi;
  static String namespace;
  static String operatorNamespace;
  static String caIssuer;
  static String crlUrl;

  @BeforeAll
  static void start() throws Exception {
    keyfleet = OperatorFixture.create("cm-issue");
    cm = CertManagerFixture.start(keyfleet, "pumps");
    keyfleet.startOperator("cm-issue-it");
    client = keyfleet.client();
    certManagerApi = cm.api();
    namespace = keyfleet.namespace();
    operatorNamespace = keyfleet.operatorNamespace();
    caIssuer = cm.caIssuer();
    crlUrl = cm.crlUrl();
    client.resources(KeyRotationPolicy.class).inNamespace(namespace).resource(Resources.policy(namespace, "standard")).create();
    client.resources(DeviceFleet.class).inNamespace(namespace).resource(cm.fleet("pumps", "standard")).create();
  }

  @AfterAll
  static void stop() {
    if (keyfleet != null) {
      keyfleet.close();
    }
    if (cm != null) {
      cm.close();
    }
  }

  @Test
  @Order(1)
  void aFleetNamingAMissingIssuerIsNotReady() {
    client.resources(DeviceFleet.class).inNamespace(namespace)
        .resource(cm.fleet("nowhere", "standard", IssuerRef.Kind.ClusterIssuer, "missing-" + namespace)).create();
    DeviceFleet fleet = await().atMost(WAIT).until(() -> client.resources(DeviceFleet.class).inNamespace(namespace).withName("nowhere").get(),
        f -> f.getStatus() != null && fleetReason(f).equals("IssuerNotFound"));
    assertThat(Conditions.find(fleet.getStatus().getConditions(), "Ready").orElseThrow().getMessage())
        .contains("ClusterIssuer 'missing-" + namespace + "'").contains("spec.issuer.certManager.issuerRef")
        // Looked at again with a back-off (BackoffTest), not at every reconcile; the message says when.
        .containsPattern("; looked at again at \\d{4}-\\d{2}-\\d{2}T");
  }

  @Test
  @Order(2)
  void devicesAreIssuedThroughCertManagerAndARevokedOneIsRefusedByOpenssl(@TempDir Path dir) throws Exception {
    DeviceFleet fleet = await().atMost(WAIT).until(() -> client.resources(DeviceFleet.class).inNamespace(namespace).withName("pumps").get(),
        f -> f.getStatus() != null && fleetReason(f).equals("Ready") && f.getStatus().getCrl() != null);
    assertThat(fleet.getStatus().getCrl().getUrl()).isEqualTo(crlUrl);
    assertThat(Conditions.find(fleet.getStatus().getConditions(), "Ready").orElseThrow().getMessage()).contains("names the fleet's CRL " + crlUrl);
    assertThat(fleet.getStatus().getCa().getSubject()).isEqualTo("CN=Example Medical device CA");

    // One device with a key the operator generates, one with its own key (a CSR naming the SANs).
    client.resources(DeviceIdentity.class).inNamespace(namespace).resource(Resources.device(namespace, "pump-1", "pumps")).create();
    client.resources(DeviceIdentity.class).inNamespace(namespace).resource(Resources.device(namespace, "pump-2", "pumps")).create();
    Openssl.run(dir, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", "/CN=PUMP-CSR",
        "-addext", "subjectAltName=URI:urn:keyfleet:" + namespace + ":pumps:PUMP-CSR", "-keyout", "device.key", "-out", "device.csr");
    DeviceIdentity csrDevice = Resources.device(namespace, "pump-csr", "pumps");
    csrDevice.getSpec().setCsr(Files.readString(dir.resolve("device.csr")));
    client.resources(DeviceIdentity.class).inNamespace(namespace).resource(csrDevice).create();

    for (String name : List.of("pump-1", "pump-2", "pump-csr")) {
      awaitDevice(name, d -> reason(d).equals("Issued"));
      Path d = Files.createDirectories(dir.resolve(name));
      Secret secret = client.secrets().inNamespace(namespace).withName(name + "-tls").get();
      write(d, secret, "tls.crt", "ca.crt");
      Openssl.Result verify = Openssl.run(d, "verify", "-x509_strict", "-CAfile", "ca.crt", "tls.crt");
      assertThat(verify.output()).as(name).contains("tls.crt: OK");
      String text = Openssl.run(d, "x509", "-in", "tls.crt", "-noout", "-text").output();
      assertThat(text).as(name)
          .contains("Issuer: CN = Example Medical device CA")
          .contains("URI:urn:keyfleet:" + namespace + ":pumps:" + name.toUpperCase())
          .contains("Digital Signature").contains("TLS Web Client Authentication")
          .contains("URI:" + crlUrl);
    }
    assertThat(Openssl.run(dir, "pkey", "-in", "device.key", "-pubout").output())
        .isEqualTo(Openssl.run(dir.resolve("pump-csr"), "x509", "-in", "tls.crt", "-noout", "-pubkey").output());
    assertThat(client.secrets().inNamespace(namespace).withName("pump-csr-tls").get().getData()).doesNotContainKey("tls.key");
    // The requests are gone once their certificates are in the device Secrets.
    await().atMost(WAIT).untilAsserted(() -> assertThat(certManagerApi.v1().certificateRequests().inNamespace(namespace)
        .withLabel("keyfleet.io/component", "device-certificate").list().getItems()).isEmpty());
    // The CRL-signing key stays in the operator's namespace.
    assertThat(client.secrets().inNamespace(operatorNamespace).withLabel("keyfleet.io/component", "crl-signer").list().getItems())
        .singleElement().satisfies(s -> assertThat(s.getData()).containsKeys("tls.crt", "tls.key", "ca.crt").doesNotContainKey("next.key"));

    // Revoke pump-1: Keyfleet's indirect CRL lists it; openssl refuses it and still accepts pump-2.
    client.resources(DeviceIdentity.class).inNamespace(namespace).withName("pump-1").edit(d -> {
      d.getSpec().setRevoked(true);
      d.getSpec().setRevocationReason(RevocationReason.keyCompromise);
      return d;
    });
    awaitDevice("pump-1", d -> reason(d).equals("Revoked"));
    ConfigMap crl = client.configMaps().inNamespace(namespace).withName("pumps-crl").get();
    Files.writeString(dir.resolve("crl.pem"), crl.getData().get("ca.crl"));
    Files.writeString(dir.resolve("crl-signer.pem"), crl.getData().get("crl-signer.crt"));
    Files.copy(dir.resolve("pump-2").resolve("ca.crt"), dir.resolve("ca.crt"));
    String crlText = Openssl.run(dir, "crl", "-in", "crl.pem", "-noout", "-text").output();
    assertThat(crlText).contains("Issuer: CN = keyfleet CRL signer " + namespace + "/pumps").contains("Indirect CRL")
        .contains("Certificate Issuer").contains("DirName:/CN=Example Medical device CA").contains("Key Compromise").contains(crlUrl);
    // The CRL is signed by Keyfleet's CRL-signing certificate, which the same CA issued with cRLSign.
    assertThat(Openssl.run(dir, "crl", "-in", "crl.pem", "-CAfile", "crl-signer.pem", "-noout").output()).contains("verify OK");
    assertThat(Openssl.run(dir, "verify", "-CAfile", "ca.crt", "crl-signer.pem").output()).contains("crl-signer.pem: OK");
    assertThat(Openssl.run(dir, "x509", "-in", "crl-signer.pem", "-noout", "-text").output())
        .contains("CRL Sign").contains("CA:FALSE");
    // The JDK reads the indirect CRL as RFC 5280 says: pump-1 (issued by the CA) is revoked, pump-2 is not.
    java.security.cert.X509CRL parsed = io.keyfleet.operator.pki.Pem.parseCrl(crl.getData().get("ca.crl"));
    var pump1 = io.keyfleet.operator.pki.Pem.parseCertificates(Files.readString(dir.resolve("pump-1").resolve("tls.crt"))).get(0);
    var pump2 = io.keyfleet.operator.pki.Pem.parseCertificates(Files.readString(dir.resolve("pump-2").resolve("tls.crt"))).get(0);
    assertThat(parsed.isRevoked(pump1)).isTrue();
    assertThat(parsed.isRevoked(pump2)).isFalse();
    // What a connector does: the SDK checks the CRL signer against the device Secret's ca.crt and
    // refuses the revoked device, also in a TLS check.
    var ca = io.keyfleet.operator.pki.Pem.parseCertificates(Files.readString(dir.resolve("ca.crt")));
    var signer = io.keyfleet.operator.pki.Pem.parseCertificates(crl.getData().get("crl-signer.crt"));
    io.keyfleet.connector.RevocationList list = io.keyfleet.connector.RevocationList.parse(
        crl.getData().get("ca.crl").getBytes(java.nio.charset.StandardCharsets.US_ASCII), ca, signer, java.time.Clock.systemUTC());
    assertThat(list.indirect()).isTrue();
    assertThat(list.isRevoked(pump1)).isTrue();
    assertThat(list.isRevoked(pump2)).isFalse();
    javax.net.ssl.X509ExtendedTrustManager trust = list.trustManager(ca);
    trust.checkClientTrusted(new java.security.cert.X509Certificate[] {pump2}, "ECDHE_ECDSA");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> trust.checkClientTrusted(new java.security.cert.X509Certificate[] {pump1}, "ECDHE_ECDSA"))
        .hasMessageContaining("is revoked by the fleet's CRL");
    // openssl cannot enforce it (see docs/security.md): cert-manager names no cRLIssuer in the
    // device certificates' distribution point, so openssl -extended_crl reports "different CRL scope".
    Openssl.Result openssl = Openssl.run(dir, "verify", "-crl_check", "-extended_crl", "-CAfile", "ca.crt", "-untrusted", "crl-signer.pem",
        "-CRLfile", "crl.pem", "pump-2/tls.crt");
    System.out.println("openssl verify -crl_check -extended_crl of a not-revoked device: exit " + openssl.exitCode() + ": " + openssl.output());
  }

  private static DeviceIdentity awaitDevice(String name, Predicate<DeviceIdentity> condition) {
    return cm.awaitDevice(name, condition);
  }
}
