package io.keyfleet.operator;

import static io.keyfleet.operator.testing.CertManagerFixture.fleetReason;
import static io.keyfleet.operator.testing.OperatorFixture.reason;
import static io.keyfleet.operator.testing.OperatorFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.keyfleet.api.v1alpha1.DeviceFleet;
import io.keyfleet.api.v1alpha1.DeviceIdentity;
import io.keyfleet.api.v1alpha1.KeyRotationPolicy;
import io.keyfleet.api.v1alpha1.fleet.CertManagerIssuer;
import io.keyfleet.api.v1alpha1.fleet.IssuerRef;
import io.keyfleet.api.v1alpha1.identity.RevocationReason;
import io.keyfleet.connector.RevocationList;
import io.keyfleet.operator.pki.Pem;
import io.keyfleet.operator.testing.CertManagerFixture;
import io.keyfleet.operator.testing.OperatorFixture;
import io.keyfleet.operator.testing.Openssl;
import io.keyfleet.operator.testing.Resources;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cert-manager issuer whose CA is itself an intermediate (root, then "Hospital issuing CA", as a
 * corporate PKI or Vault behind cert-manager would be): its answers carry the intermediate in
 * status.certificate and the root in status.ca. In both signing modes the device Secrets hold the
 * whole chain, openssl verifies it against ca.crt (the root), nothing is asked for again in a loop,
 * and revocation holds: with signing Intermediate openssl refuses the revoked device; with
 * PerDevice the connector SDK does, with crl-signer.crt (the CRL signer and the issuer's
 * intermediate).
 */
class CertManagerIssuerChainIT {
  static final Duration WAIT = OperatorFixture.WAIT;
  static OperatorFixture keyfleet;
  static CertManagerFixture cm;
  static KubernetesClient client;
  static String namespace;
  static String issuing;

  @BeforeAll
  static void start() throws Exception {
    keyfleet = OperatorFixture.create("cm-chain");
    cm = CertManagerFixture.start(keyfleet, "per-device");
    issuing = cm.intermediateIssuer("Hospital issuing CA");
    keyfleet.startOperator("cm-chain-it");
    client = keyfleet.client();
    namespace = keyfleet.namespace();
    client.resources(KeyRotationPolicy.class).inNamespace(namespace).resource(Resources.policy(namespace, "standard")).create();
    for (CertManagerIssuer.Signing signing : CertManagerIssuer.Signing.values()) {
      DeviceFleet fleet = cm.fleet(fleetName(signing), "standard", IssuerRef.Kind.ClusterIssuer, issuing);
      fleet.getSpec().getIssuer().getCertManager().setSigning(signing);
      client.resources(DeviceFleet.class).inNamespace(namespace).resource(fleet).create();
    }
  }

  @AfterAll
  static void stop() {
    if (cm != null) {
      cm.close();
    }
    if (keyfleet != null) {
      keyfleet.close();
    }
  }

  @Test
  void signingIntermediateUnderAnIssuingIntermediateIsVerifiedAndRevokedByOpenssl(@TempDir Path dir) throws Exception {
    List<Path> devices = issueTwo(CertManagerIssuer.Signing.Intermediate, dir);
    // tls.crt: the device, Keyfleet's intermediate, the issuer's intermediate, and (as in every
    // device Secret) the CA of ca.crt.
    assertThat(Pem.parseCertificates(Files.readString(devices.get(0).resolve("tls.crt"))))
        .extracting(c -> c.getSubjectX500Principal().getName())
        .containsExactly(leafSubject(devices.get(0)), "CN=keyfleet device CA " + namespace + "/" + fleetName(CertManagerIssuer.Signing.Intermediate),
            "CN=Hospital issuing CA", CertManagerFixture.CA_SUBJECT);

    ConfigMap crl = revokeFirst(CertManagerIssuer.Signing.Intermediate);
    Files.writeString(dir.resolve("crl.pem"), crl.getData().get("ca.crl"));
    Files.writeString(dir.resolve("crl-signer.pem"), crl.getData().get("crl-signer.crt"));
    assertThat(Pem.parseCertificates(crl.getData().get("crl-signer.crt"))).as("Keyfleet's intermediate and the issuer's").hasSize(2);
    Openssl.Result revoked = Openssl.run(dir, "verify", "-crl_check", "-CAfile", devices.get(0).resolve("ca.crt").toString(), "-untrusted",
        "crl-signer.pem", "-CRLfile", "crl.pem", devices.get(0).resolve("tls.crt").toString());
    assertThat(revoked.exitCode()).isNotZero();
    assertThat(revoked.output()).contains("certificate revoked");
    assertThat(Openssl.run(dir, "verify", "-crl_check", "-CAfile", devices.get(1).resolve("ca.crt").toString(), "-untrusted",
        "crl-signer.pem", "-CRLfile", "crl.pem", devices.get(1).resolve("tls.crt").toString()).output()).contains("tls.crt: OK");
  }

  @Test
  void signingPerDeviceUnderAnIssuingIntermediateIsVerifiedByOpensslAndRevokedByTheSdk(@TempDir Path dir) throws Exception {
    List<Path> devices = issueTwo(CertManagerIssuer.Signing.PerDevice, dir);
    assertThat(Pem.parseCertificates(Files.readString(devices.get(0).resolve("tls.crt"))))
        .extracting(c -> c.getSubjectX500Principal().getName())
        .containsExactly(leafSubject(devices.get(0)), "CN=Hospital issuing CA", CertManagerFixture.CA_SUBJECT);

    ConfigMap crl = revokeFirst(CertManagerIssuer.Signing.PerDevice);
    List<X509Certificate> signers = Pem.parseCertificates(crl.getData().get("crl-signer.crt"));
    assertThat(signers).extracting(c -> c.getSubjectX500Principal().getName())
        .containsExactly("CN=keyfleet CRL signer " + namespace + "/" + fleetName(CertManagerIssuer.Signing.PerDevice), "CN=Hospital issuing CA");
    List<X509Certificate> ca = Pem.parseCertificates(Files.readString(devices.get(0).resolve("ca.crt")));
    RevocationList list = RevocationList.parse(crl.getData().get("ca.crl").getBytes(StandardCharsets.US_ASCII), ca, signers,
        keyfleet.clock());
    assertThat(list.issuer().getSubjectX500Principal().getName()).as("the CA that issued the devices").isEqualTo("CN=Hospital issuing CA");
    assertThat(list.isRevoked(leaf(devices.get(0)))).isTrue();
    assertThat(list.isRevoked(leaf(devices.get(1)))).isFalse();
  }

  /** Two devices of the fleet, issued and verified by openssl against ca.crt; their folders hold tls.crt and ca.crt. */
  private static List<Path> issueTwo(CertManagerIssuer.Signing signing, Path dir) throws Exception {
    String fleet = fleetName(signing);
    await(fleet + " Ready").atMost(WAIT).until(() -> client.resources(DeviceFleet.class).inNamespace(namespace).withName(fleet).get(),
        f -> fleetReason(f).equals("Ready"));
    List<String> names = List.of(fleet + "-1", fleet + "-2");
    for (String name : names) {
      keyfleet.create(Resources.device(namespace, name, fleet));
    }
    List<Path> folders = new java.util.ArrayList<>();
    for (String name : names) {
      DeviceIdentity issued = cm.awaitDevice(name, d -> reason(d).equals("Issued"));
      Path d = Files.createDirectories(dir.resolve(name));
      write(d, client.secrets().inNamespace(namespace).withName(name + "-tls").get(), "tls.crt", "ca.crt");
      assertThat(Openssl.run(d, "x509", "-in", "ca.crt", "-noout", "-subject").output()).contains("Example Medical device CA");
      assertThat(Openssl.run(d, "verify", "-x509_strict", "-CAfile", "ca.crt", "-untrusted", "tls.crt", "tls.crt").output())
          .as(name).contains("tls.crt: OK");
      folders.add(d);
      // Issued once: no request loop (each new request would be a new revision).
      assertThat(issued.getStatus().getCertificate().getRevision()).isEqualTo(1);
    }
    // The fleet stays Ready and asks the issuer for nothing more once its own certificate is stored.
    Thread.sleep(3000);
    DeviceFleet f = client.resources(DeviceFleet.class).inNamespace(namespace).withName(fleet).get();
    assertThat(fleetReason(f)).isEqualTo("Ready");
    assertThat(cm.api().v1().certificateRequests().inNamespace(namespace).list().getItems())
        .noneSatisfy(r -> assertThat(r.getMetadata().getLabels().get("keyfleet.io/fleet")).isEqualTo(fleet));
    for (String name : names) {
      assertThat(keyfleet.device(name).getStatus().getCertificate().getRevision()).as(name).isEqualTo(1);
    }
    return folders;
  }

  private static ConfigMap revokeFirst(CertManagerIssuer.Signing signing) {
    String fleet = fleetName(signing);
    client.resources(DeviceIdentity.class).inNamespace(namespace).withName(fleet + "-1").edit(d -> {
      d.getSpec().setRevoked(true);
      d.getSpec().setRevocationReason(RevocationReason.keyCompromise);
      return d;
    });
    DeviceIdentity revoked = cm.awaitDevice(fleet + "-1", d -> reason(d).equals("Revoked"));
    String serial = revoked.getStatus().getCertificate().getSerialNumber();
    return await("CRL of " + fleet).atMost(WAIT).until(() -> client.configMaps().inNamespace(namespace).withName(fleet + "-crl").get(),
        c -> c != null && c.getData().get("revoked") != null && c.getData().get("revoked").contains(serial));
  }

  private static String fleetName(CertManagerIssuer.Signing signing) {
    return signing == CertManagerIssuer.Signing.PerDevice ? "per-device" : "intermediate";
  }

  private static X509Certificate leaf(Path folder) throws Exception {
    return Pem.parseCertificates(Files.readString(folder.resolve("tls.crt"))).get(0);
  }

  private static String leafSubject(Path folder) throws Exception {
    return leaf(folder).getSubjectX500Principal().getName();
  }
}
