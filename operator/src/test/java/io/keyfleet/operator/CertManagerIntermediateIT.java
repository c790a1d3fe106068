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
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.keyfleet.api.v1alpha1.DeviceFleet;
import io.keyfleet.api.v1alpha1.DeviceIdentity;
import io.keyfleet.api.v1alpha1.KeyRotationPolicy;
import io.keyfleet.api.v1alpha1.common.Condition;
import io.keyfleet.api.v1alpha1.fleet.CertManagerIssuer;
import io.keyfleet.api.v1alpha1.identity.RevocationReason;
import io.keyfleet.operator.status.Conditions;
import io.keyfleet.operator.testing.CertManagerFixture;
import io.keyfleet.operator.testing.MutableClock;
import io.keyfleet.operator.testing.OperatorFixture;
import io.keyfleet.operator.testing.Openssl;
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
 * The cert-manager issuer mode with signing Intermediate, on the real local control plane with a
 * real cert-manager: a CA ClusterIssuer certifies one intermediate CA for a key of Keyfleet's,
 * Keyfleet signs the device certificates and a direct CRL with it, and openssl, knowing nothing of
 * Keyfleet, refuses the revoked device with the CRL. The intermediate is renewed for the same key:
 * devices and the revocation stay valid.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CertManagerIntermediateIT {
  static final Duration WAIT = OperatorFixture.WAIT;
  static OperatorFixture keyfleet;
  static CertManagerFixture cm;
  static KubernetesClient client;
  static CertManagerClient certManagerApi;
  static String namespace;
  static String operatorNamespace;
  static MutableClock CLOCK;

  @BeforeAll
  static void start() throws Exception {
    keyfleet = OperatorFixture.create("cm-inter");
    // The CA issuer's own CRL distribution point (the fixture's) lands in the intermediate only;
    // the device certificates name the CRL Keyfleet signs with the intermediate.
    cm = CertManagerFixture.start(keyfleet, "issuer-ca");
    client = keyfleet.client();
    certManagerApi = cm.api();
    namespace = keyfleet.namespace();
    operatorNamespace = keyfleet.operatorNamespace();
    CLOCK = keyfleet.clock();
    keyfleet.startOperator("cm-inter-it");
    client.resources(KeyRotationPolicy.class).inNamespace(namespace).resource(Resources.policy(namespace, "standard")).create();
    DeviceFleet fleet = cm.fleet("infusion", "standard");
    fleet.getSpec().getIssuer().getCertManager().setSigning(CertManagerIssuer.Signing.Intermediate);
    fleet.getSpec().getIssuer().getCertManager().setIntermediateDuration("30d");
    client.resources(DeviceFleet.class).inNamespace(namespace).resource(fleet).create();
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
  @Order(1)
  void theSigningModeCannotBeChanged() {
    DeviceFleet fleet = awaitFleet(f -> fleetReason(f).equals("Ready"));
    fleet.getSpec().getIssuer().getCertManager().setSigning(CertManagerIssuer.Signing.PerDevice);
    fleet.getMetadata().setResourceVersion(null);

    KubernetesClientException refused = org.junit.jupiter.api.Assertions.assertThrows(KubernetesClientException.class,
        () -> client.resources(DeviceFleet.class).inNamespace(namespace).resource(fleet).update());

    assertThat(refused.getCode()).isEqualTo(422);
    assertThat(refused.getMessage()).contains("spec.issuer.certManager.signing").contains("immutable");
  }

  @Test
  @Order(2)
  void keyfleetSignsDevicesWithTheIntermediateAndOpensslRefusesARevokedOne(@TempDir Path dir) throws Exception {
    DeviceFleet fleet = awaitFleet(f -> fleetReason(f).equals("Ready") && f.getStatus().getIntermediateCa() != null);
    String crlUrl = fleet.getStatus().getCrl().getUrl();
    assertThat(fleet.getStatus().getCa().getSubject()).isEqualTo(CertManagerFixture.CA_SUBJECT);
    assertThat(fleet.getStatus().getIntermediateCa().getSubject()).isEqualTo("CN=keyfleet device CA " + namespace + "/infusion");
    assertThat(readyMessage(fleet)).contains("certified the fleet's intermediate CA CN=keyfleet device CA " + namespace + "/infusion");
    // The intermediate's key stays in the operator's namespace, never with the devices.
    Secret held = client.secrets().inNamespace(operatorNamespace).withLabel("keyfleet.io/component", "intermediate-ca").list().getItems()
        .get(0);
    assertThat(held.getData()).containsKeys("tls.crt", "tls.key", "ca.crt").doesNotContainKey("next.key");
    assertThat(client.secrets().inNamespace(namespace).list().getItems())
        .noneSatisfy(s -> assertThat(s.getMetadata().getLabels()).containsEntry("keyfleet.io/component", "intermediate-ca"));
    // The request that certified it is gone once the certificate is stored.
    await().atMost(WAIT).untilAsserted(() -> assertThat(certManagerApi.v1().certificateRequests().inNamespace(namespace)
        .withLabel("keyfleet.io/component", "intermediate-ca").list().getItems()).isEmpty());
    write(dir, held, "tls.crt");
    assertThat(Openssl.run(dir, "x509", "-in", "tls.crt", "-noout", "-text").output())
        .contains("CA:TRUE").contains("Certificate Sign").contains("CRL Sign").contains("Issuer: CN = Example Medical device CA");
    Files.delete(dir.resolve("tls.crt"));

    for (String name : List.of("pump-1", "pump-2")) {
      client.resources(DeviceIdentity.class).inNamespace(namespace).resource(Resources.device(namespace, name, "infusion")).create();
    }
    for (String name : List.of("pump-1", "pump-2")) {
      awaitDevice(name, d -> reason(d).equals("Issued"));
      Path d = Files.createDirectories(dir.resolve(name));
      write(d, client.secrets().inNamespace(namespace).withName(name + "-tls").get(), "tls.crt", "ca.crt");
      // tls.crt is the device certificate and the intermediate; ca.crt the issuer's root.
      assertThat(Openssl.run(d, "verify", "-x509_strict", "-CAfile", "ca.crt", "-untrusted", "tls.crt", "tls.crt").output())
          .as(name).contains("tls.crt: OK");
      assertThat(Openssl.run(d, "x509", "-in", "tls.crt", "-noout", "-text").output()).as(name)
          .contains("Issuer: CN = keyfleet device CA " + namespace + "/infusion")
          .contains("URI:urn:keyfleet:" + namespace + ":infusion:" + name.toUpperCase())
          .contains("URI:" + crlUrl);
    }
    // No CertificateRequest per device: Keyfleet signs them.
    assertThat(certManagerApi.v1().certificateRequests().inNamespace(namespace).list().getItems())
        .noneSatisfy(r -> assertThat(r.getMetadata().getLabels()).containsEntry("keyfleet.io/component", "device-certificate"));

    client.resources(DeviceIdentity.class).inNamespace(namespace).withName("pump-1").edit(d -> {
      d.getSpec().setRevoked(true);
      d.getSpec().setRevocationReason(RevocationReason.keyCompromise);
      return d;
    });
    DeviceIdentity pump1 = awaitDevice("pump-1", d -> reason(d).equals("Revoked"));
    ConfigMap crl = awaitCrlListing(pump1.getStatus().getCertificate().getSerialNumber());
    Files.writeString(dir.resolve("crl.pem"), crl.getData().get("ca.crl"));
    Files.writeString(dir.resolve("intermediate.pem"), crl.getData().get("crl-signer.crt"));
    Files.copy(dir.resolve("pump-2").resolve("ca.crt"), dir.resolve("ca.crt"));
    assertThat(Openssl.run(dir, "crl", "-in", "crl.pem", "-noout", "-text").output())
        .contains("Issuer: CN = keyfleet device CA " + namespace + "/infusion").contains("Key Compromise").doesNotContain("Indirect CRL");
    // openssl enforces the CRL: the revoked device is refused, the other accepted.
    String at = Long.toString(CLOCK.instant().getEpochSecond());
    Openssl.Result revoked = verifyWithCrl(dir, at, "pump-1/tls.crt");
    assertThat(revoked.exitCode()).isNotZero();
    assertThat(revoked.output()).contains("certificate revoked");
    assertThat(verifyWithCrl(dir, at, "pump-2/tls.crt").output()).contains("pump-2/tls.crt: OK");
    // So does the connector SDK, with crl-signer.crt as the CRL's signer.
    var ca = io.keyfleet.operator.pki.Pem.parseCertificates(Files.readString(dir.resolve("ca.crt")));
    var intermediate = io.keyfleet.operator.pki.Pem.parseCertificates(crl.getData().get("crl-signer.crt"));
    io.keyfleet.connector.RevocationList list = io.keyfleet.connector.RevocationList.parse(
        crl.getData().get("ca.crl").getBytes(java.nio.charset.StandardCharsets.US_ASCII), ca, intermediate, CLOCK);
    assertThat(list.isRevoked(leaf(dir.resolve("pump-1").resolve("tls.crt")))).isTrue();
    assertThat(list.isRevoked(leaf(dir.resolve("pump-2").resolve("tls.crt")))).isFalse();
  }

  @Test
  @Order(Integer.MAX_VALUE - 1) // moves the operator's clock forward: runs after the others
  void theIntermediateIsRenewedForTheSameKeyAndRevocationsStayEnforceable(@TempDir Path dir) throws Exception {
    DeviceFleet before = awaitFleet(f -> f.getStatus().getIntermediateCa() != null);
    String firstSerial = before.getStatus().getIntermediateCa().getSerialNumber();
    Secret held = client.secrets().inNamespace(operatorNamespace).withLabel("keyfleet.io/component", "intermediate-ca").list().getItems()
        .get(0);
    String key = held.getData().get("tls.key");
    write(Files.createDirectories(dir.resolve("pump-1")), client.secrets().inNamespace(namespace).withName("pump-1-tls").get(), "tls.crt",
        "ca.crt");

    // 30 days, renewed at two thirds: 20 days on. The fleet looks again within 10 s by itself.
    CLOCK.advance(Duration.ofDays(21));
    DeviceFleet after = awaitFleet(f -> f.getStatus().getIntermediateCa() != null
        && !f.getStatus().getIntermediateCa().getSerialNumber().equals(firstSerial));
    assertThat(after.getStatus().getIntermediateCa().getSubject()).isEqualTo(before.getStatus().getIntermediateCa().getSubject());
    Secret renewed = client.secrets().inNamespace(operatorNamespace).withName(held.getMetadata().getName()).get();
    // Compared, never printed: a failure message must not carry key material.
    assertThat(renewed.getData().get("tls.key").equals(key)).as("the same key, certified again").isTrue();
    assertThat(renewed.getData()).doesNotContainKey("next.key");

    // The revoked device, signed under the first certificate, is still refused under the renewed one.
    ConfigMap crl = awaitCrlSignedBy(after.getStatus().getIntermediateCa().getSerialNumber());
    Files.writeString(dir.resolve("crl.pem"), crl.getData().get("ca.crl"));
    Files.writeString(dir.resolve("intermediate.pem"), crl.getData().get("crl-signer.crt"));
    Files.copy(dir.resolve("pump-1").resolve("ca.crt"), dir.resolve("ca.crt"));
    String at = Long.toString(CLOCK.instant().getEpochSecond());
    Openssl.Result revoked = Openssl.run(dir, "verify", "-attime", at, "-crl_check", "-CAfile", "ca.crt", "-untrusted", "intermediate.pem",
        "-CRLfile", "crl.pem", "pump-1/tls.crt");
    assertThat(revoked.output()).contains("certificate revoked");
    // A device reconciled after the renewal carries the renewed intermediate and verifies with it.
    client.resources(DeviceIdentity.class).inNamespace(namespace).resource(Resources.device(namespace, "pump-3", "infusion")).create();
    awaitDevice("pump-3", d -> reason(d).equals("Issued"));
    Path p3 = Files.createDirectories(dir.resolve("pump-3"));
    write(p3, client.secrets().inNamespace(namespace).withName("pump-3-tls").get(), "tls.crt");
    assertThat(Openssl.run(dir, "verify", "-attime", at, "-crl_check", "-CAfile", "ca.crt", "-untrusted", "intermediate.pem",
        "-CRLfile", "crl.pem", "pump-3/tls.crt").output()).contains("pump-3/tls.crt: OK");
    assertThat(io.keyfleet.operator.pki.Pem.serialHex(
            io.keyfleet.operator.pki.Pem.parseCertificates(Files.readString(p3.resolve("tls.crt"))).get(1).getSerialNumber()))
        .as("the chain holds the renewed intermediate").isEqualTo(after.getStatus().getIntermediateCa().getSerialNumber());
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void aLostIntermediateKeyGetsANewIntermediateAndTheFleetIsReissued(@TempDir Path dir) throws Exception {
    DeviceFleet before = awaitFleet(f -> f.getStatus().getIntermediateCa() != null);
    String oldFingerprint = before.getStatus().getIntermediateCa().getFingerprintSHA256();
    DeviceIdentity pump2 = awaitDevice("pump-2", d -> reason(d).equals("Issued"));
    String oldSerial = pump2.getStatus().getCertificate().getSerialNumber();
    write(Files.createDirectories(dir.resolve("pump-1")), client.secrets().inNamespace(namespace).withName("pump-1-tls").get(), "tls.crt",
        "ca.crt");

    client.secrets().inNamespace(operatorNamespace).withLabel("keyfleet.io/component", "intermediate-ca").delete();

    DeviceFleet after = awaitFleet(f -> f.getStatus().getIntermediateCa() != null
        && !f.getStatus().getIntermediateCa().getFingerprintSHA256().equals(oldFingerprint) && fleetReason(f).equals("Ready"));
    // The devices signed by the lost key are issued again, with no one asking.
    DeviceIdentity reissued = awaitDevice("pump-2", d -> d.getStatus().getCertificate() != null
        && !d.getStatus().getCertificate().getSerialNumber().equals(oldSerial) && reason(d).equals("Issued"));
    assertThat(reissued.getStatus().getCertificate().getSerialNumber()).isNotEqualTo(oldSerial);
    ConfigMap crl = awaitCrlSignedBy(after.getStatus().getIntermediateCa().getSerialNumber());
    Files.writeString(dir.resolve("crl.pem"), crl.getData().get("ca.crl"));
    Files.writeString(dir.resolve("intermediate.pem"), crl.getData().get("crl-signer.crt"));
    Files.copy(dir.resolve("pump-1").resolve("ca.crt"), dir.resolve("ca.crt"));
    write(Files.createDirectories(dir.resolve("pump-2")), client.secrets().inNamespace(namespace).withName("pump-2-tls").get(), "tls.crt");
    String at = Long.toString(CLOCK.instant().getEpochSecond());
    assertThat(verifyWithCrl(dir, at, "pump-2/tls.crt").output()).contains("pump-2/tls.crt: OK");
    // The revoked device's old certificate, signed by the lost key, is still refused: its serial
    // stays on the CRL, and openssl cannot take the new CRL for it.
    assertThat(crl.getData().get("revoked")).contains(
        client.resources(DeviceIdentity.class).inNamespace(namespace).withName("pump-1").get().getStatus().getCertificate().getSerialNumber());
    Openssl.Result revoked = Openssl.run(dir, "verify", "-attime", at, "-crl_check", "-CAfile", "ca.crt", "-untrusted", "pump-1/tls.crt",
        "-CRLfile", "crl.pem", "pump-1/tls.crt");
    assertThat(revoked.exitCode()).as(revoked.output()).isNotZero();
  }

  private static Openssl.Result verifyWithCrl(Path dir, String at, String certificate) {
    return Openssl.run(dir, "verify", "-attime", at, "-crl_check", "-CAfile", "ca.crt", "-untrusted", "intermediate.pem", "-CRLfile",
        "crl.pem", certificate);
  }

  private static ConfigMap awaitCrlListing(String serialHex) {
    return await().atMost(WAIT).until(() -> client.configMaps().inNamespace(namespace).withName("infusion-crl").get(),
        c -> c != null && c.getData().get("revoked") != null && c.getData().get("revoked").contains(serialHex));
  }

  private static ConfigMap awaitCrlSignedBy(String intermediateSerialHex) {
    return await().atMost(WAIT).until(() -> client.configMaps().inNamespace(namespace).withName("infusion-crl").get(),
        c -> c != null && c.getData().get("crl-signer.crt") != null
            && io.keyfleet.operator.pki.Pem.serialHex(io.keyfleet.operator.pki.Pem.parseCertificates(c.getData().get("crl-signer.crt")).get(0)
                .getSerialNumber()).equals(intermediateSerialHex));
  }

  private static java.security.cert.X509Certificate leaf(Path tlsCrt) throws Exception {
    return io.keyfleet.operator.pki.Pem.parseCertificates(Files.readString(tlsCrt)).get(0);
  }

  private static DeviceFleet awaitFleet(Predicate<DeviceFleet> condition) {
    return await("fleet infusion").atMost(WAIT).until(
        () -> client.resources(DeviceFleet.class).inNamespace(namespace).withName("infusion").get(),
        f -> f != null && f.getStatus() != null && condition.test(f));
  }

  private static String readyMessage(DeviceFleet f) {
    return Conditions.find(f.getStatus().getConditions(), "Ready").map(Condition::getMessage).orElse("");
  }

  private static DeviceIdentity awaitDevice(String name, Predicate<DeviceIdentity> condition) {
    return cm.awaitDevice(name, condition);
  }

}
