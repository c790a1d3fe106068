package io.keyfleet.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.keyfleet.api.v1alpha1.DeviceFleet;
import io.keyfleet.api.v1alpha1.DeviceIdentity;
import io.keyfleet.api.v1alpha1.KeyRotationPolicy;
import io.keyfleet.api.v1alpha1.common.Condition;
import io.keyfleet.api.v1alpha1.identity.RevocationReason;
import io.keyfleet.operator.status.Conditions;
import io.keyfleet.operator.testing.MutableClock;
import io.keyfleet.operator.testing.Openssl;
import io.keyfleet.operator.testing.OperatorFixture;
import io.keyfleet.operator.testing.Resources;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Device identities issued by the operator (in this JVM, with a clock the test can move) on the
 * real API server, checked by openssl as an independent party: chain, extensions, key match,
 * revocation through the CRL, CSR mode, renewal with key rotation and superseded revocation.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class IdentityIssuanceIT {
  static OperatorFixture keyfleet;
  static KubernetesClient client;
  static String namespace;
  static String operatorNamespace;
  static KeyfleetOperator operator;
  static final MutableClock CLOCK = new MutableClock();

  @BeforeAll
  static void start() throws Exception {
    keyfleet = OperatorFixture.create("issue", CLOCK).startOperator("issue-it");
    client = keyfleet.client();
    namespace = keyfleet.namespace();
    operatorNamespace = keyfleet.operatorNamespace();
    operator = keyfleet.operator();
    client.resources(KeyRotationPolicy.class).inNamespace(namespace).resource(Resources.policy(namespace, "standard")).create();
    DeviceFleet fleet = Resources.fleet(namespace, "pumps", "standard");
    fleet.getSpec().getCertificate().getSubject().setOrganization("Example Medical GmbH");
    fleet.getSpec().getCertificate().getDnsNames().add("{deviceId}.{fleet}.devices.example.com");
    client.resources(DeviceFleet.class).inNamespace(namespace).resource(fleet).create();
  }

  @AfterAll
  static void stop() {
    if (keyfleet != null) {
      keyfleet.close();
    }
  }

  @Test
  void issuedIdentityVerifiesWithOpensslAndIsRevokedThroughTheCrl(@TempDir Path dir) throws Exception {
    create(Resources.device(namespace, "pump-1", "pumps"));
    DeviceIdentity issued = awaitDevice("pump-1", d -> reason(d).equals("Issued"));
    Secret secret = client.secrets().inNamespace(namespace).withName("pump-1-tls").get();
    assertThat(secret.getType()).isEqualTo("kubernetes.io/tls");
    assertThat(secret.getMetadata().getLabels())
        .containsEntry("keyfleet.io/fleet", "pumps").containsEntry("keyfleet.io/device", "pump-1")
        .containsEntry("app.kubernetes.io/managed-by", "keyfleet-operator");
    assertThat(secret.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo(issued.getMetadata().getUid()));
    write(dir, secret, "tls.crt", "tls.key", "ca.crt");

    assertThat(Openssl.run(dir, "verify", "-CAfile", "ca.crt", "tls.crt").output()).contains("tls.crt: OK");
    String text = Openssl.run(dir, "x509", "-in", "tls.crt", "-noout", "-text").output();
    assertThat(text)
        .contains("Subject: O = Example Medical GmbH, CN = PUMP-1")
        .contains("URI:urn:keyfleet:" + namespace + ":pumps:PUMP-1")
        .contains("DNS:PUMP-1.pumps.devices.example.com")
        .contains("X509v3 Key Usage: critical").contains("Digital Signature")
        .contains("TLS Web Client Authentication")
        .contains("CA:FALSE")
        .contains("X509v3 Subject Key Identifier").contains("X509v3 Authority Key Identifier")
        .contains("URI:http://127.0.0.1:8081/crl/" + namespace + "/pumps.crl")
        .contains("ASN1 OID: prime256v1");
    assertThat(Openssl.run(dir, "pkey", "-in", "tls.key", "-pubout").output())
        .isEqualTo(Openssl.run(dir, "x509", "-in", "tls.crt", "-noout", "-pubkey").output());
    assertThat(Files.readString(dir.resolve("tls.key"))).startsWith("-----BEGIN PRIVATE KEY-----");

    var cert = issued.getStatus().getCertificate();
    assertThat(cert.getSecretName()).isEqualTo("pump-1-tls");
    assertThat(cert.getRevision()).isEqualTo(1);
    assertThat(cert.getKeySource()).hasToString("Generated");
    assertThat(new java.math.BigInteger(Openssl.run(dir, "x509", "-in", "tls.crt", "-noout", "-serial").output().trim().substring("serial=".length()), 16))
        .isEqualTo(new java.math.BigInteger(cert.getSerialNumber(), 16));
    assertThat(client.getKubernetesSerialization().asJson(issued.getStatus())).doesNotContain("BEGIN").doesNotContain("PRIVATE");
    // First issuances are reported per fleet (one Event for many devices); renewals, rotations,
    // revocations and failures per device.
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(client.v1().events().inNamespace(namespace).list().getItems())
            .filteredOn(e -> e.getInvolvedObject().getKind().equals("DeviceFleet") && e.getInvolvedObject().getName().equals("pumps"))
            .anySatisfy(e -> {
              assertThat(e.getReason()).isEqualTo("Issued");
              assertThat(e.getMessage()).matches("issued \\d+ new device certificates?").doesNotContain("PRIVATE");
            }));
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      var fleetStatus = client.resources(DeviceFleet.class).inNamespace(namespace).withName("pumps").get().getStatus();
      assertThat(fleetStatus.getDevices().getReady()).isGreaterThanOrEqualTo(1);
      assertThat(fleetStatus.getCa().getFingerprintSHA256()).hasSize(64);
      assertThat(fleetStatus.getCrl().getUrl()).endsWith("/crl/" + namespace + "/pumps.crl");
      assertThat(fleetStatus.getCrl().getNumber()).isPositive();
    });
    // The CA key stays in the operator's namespace: the fleet's namespace, where connectors read
    // Secrets, holds only device Secrets.
    assertThat(client.secrets().inNamespace(operatorNamespace).withLabel("keyfleet.io/component", "fleet-ca")
            .withLabel("keyfleet.io/fleet", "pumps").list().getItems())
        .singleElement().satisfies(s -> assertThat(s.getData()).containsKey("tls.key"));
    assertThat(client.secrets().inNamespace(namespace).list().getItems())
        .allSatisfy(s -> assertThat(s.getMetadata().getLabels()).containsKey("keyfleet.io/device"));

    // Revoke: the serial goes on the fleet CRL, which openssl then enforces.
    client.resources(DeviceIdentity.class).inNamespace(namespace).withName("pump-1").edit(d -> {
      d.getSpec().setRevoked(true);
      d.getSpec().setRevocationReason(RevocationReason.keyCompromise);
      return d;
    });
    DeviceIdentity revoked = awaitDevice("pump-1", d -> reason(d).equals("Revoked") && d.getStatus().getRevokedAt() != null);
    assertThat(Conditions.find(revoked.getStatus().getConditions(), "Revoked").orElseThrow().getStatus()).isEqualTo(Condition.Status.True);
    ConfigMap crl = client.configMaps().inNamespace(namespace).withName("pumps-crl").get();
    Files.writeString(dir.resolve("crl.pem"), crl.getData().get("ca.crl"));
    Openssl.Result check = Openssl.run(dir, "verify", "-crl_check", "-CAfile", "ca.crt", "-CRLfile", "crl.pem", "tls.crt");
    assertThat(check.exitCode()).isNotZero();
    assertThat(check.output()).contains("certificate revoked");
    assertThat(Openssl.run(dir, "crl", "-in", "crl.pem", "-noout", "-text").output())
        .contains("Key Compromise").contains("X509v3 CRL Number");
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(client.v1().events().inNamespace(namespace).list().getItems())
          .anySatisfy(e -> assertThat(e.getInvolvedObject().getName() + "/" + e.getReason()).isEqualTo("pump-1/Revoked"));
      assertThat(client.resources(DeviceFleet.class).inNamespace(namespace).withName("pumps").get().getStatus().getDevices().getRevoked())
          .isGreaterThanOrEqualTo(1);
    });

    // The same CRL is served over HTTP as DER at the distribution point's path.
    HttpResponse<byte[]> served = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + operator.httpPort() + "/crl/" + namespace + "/pumps.crl")).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(served.headers().firstValue("Content-Type")).hasValue("application/pkix-crl");
    Files.write(dir.resolve("served.crl"), served.body());
    assertThat(Openssl.run(dir, "crl", "-inform", "DER", "-in", "served.crl", "-noout", "-text").output())
        .containsIgnoringCase(cert.getSerialNumber());

    // A revoked device is never issued again, even if its Secret disappears.
    client.secrets().inNamespace(namespace).withName("pump-1-tls").delete();
    Thread.sleep(2000);
    assertThat(client.secrets().inNamespace(namespace).withName("pump-1-tls").get()).isNull();
  }

  @Test
  void csrDevicesKeepTheirKeyAndBadCsrsAreRefused(@TempDir Path dir) throws Exception {
    Openssl.run(dir, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", "/CN=PUMP-CSR",
        "-keyout", "device.key", "-out", "device.csr");
    var device = Resources.device(namespace, "pump-csr", "pumps");
    device.getSpec().setCsr(Files.readString(dir.resolve("device.csr")));
    create(device);
    DeviceIdentity issued = awaitDevice("pump-csr", d -> reason(d).equals("Issued"));
    assertThat(issued.getStatus().getCertificate().getKeySource()).hasToString("DeviceCSR");
    Secret secret = client.secrets().inNamespace(namespace).withName("pump-csr-tls").get();
    assertThat(secret.getData()).containsKeys("tls.crt", "ca.crt").doesNotContainKey("tls.key");
    write(dir, secret, "tls.crt", "ca.crt");
    assertThat(Openssl.run(dir, "verify", "-CAfile", "ca.crt", "tls.crt").output()).contains("tls.crt: OK");
    assertThat(Openssl.run(dir, "pkey", "-in", "device.key", "-pubout").output())
        .isEqualTo(Openssl.run(dir, "x509", "-in", "tls.crt", "-noout", "-pubkey").output());

    // Wrong subject, weak key, and a CSR whose signature does not verify are each refused.
    Openssl.run(dir, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", "/CN=SOMEONE-ELSE",
        "-keyout", "other.key", "-out", "wrong-subject.csr");
    Openssl.run(dir, "req", "-new", "-newkey", "rsa:1024", "-nodes", "-subj", "/CN=PUMP-WEAK", "-keyout", "weak.key", "-out", "weak.csr");
    refused(dir, "pump-wrong-subject", "wrong-subject.csr", "SubjectMismatch");
    refused(dir, "pump-weak", "weak.csr", "WeakKey");
    String csr = Files.readString(dir.resolve("device.csr"));
    byte[] der = Base64.getMimeDecoder().decode(csr.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
    der[der.length - 5] ^= 0x01; // inside the signature
    Files.writeString(dir.resolve("forged.csr"), "-----BEGIN CERTIFICATE REQUEST-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der) + "\n-----END CERTIFICATE REQUEST-----\n");
    var forged = Resources.device(namespace, "pump-forged", "pumps");
    forged.getSpec().setDeviceId("PUMP-CSR2");
    forged.getSpec().setCsr(Files.readString(dir.resolve("forged.csr")).replace("PUMP-CSR", "PUMP-CSR"));
    create(forged);
    DeviceIdentity refusedForged = awaitDevice("pump-forged", d -> reason(d).equals("CSRRejected"));
    assertThat(message(refusedForged)).contains("spec.csr");
    assertThat(client.secrets().inNamespace(namespace).withName("pump-forged-tls").get()).isNull();
  }

  @Test
  @org.junit.jupiter.api.Order(Integer.MAX_VALUE) // moves the operator's clock forward: runs last
  void renewalRotatesTheKeyAndRevokesTheSupersededCertificateAfterItsGrace(@TempDir Path dir) throws Exception {
    create(Resources.device(namespace, "pump-renew", "pumps"));
    DeviceIdentity first = awaitDevice("pump-renew", d -> reason(d).equals("Issued"));
    String firstSerial = first.getStatus().getCertificate().getSerialNumber();
    write(dir, client.secrets().inNamespace(namespace).withName("pump-renew-tls").get(), "tls.crt", "ca.crt");
    Files.move(dir.resolve("tls.crt"), dir.resolve("old.crt"));

    CLOCK.advance(Duration.ofDays(75)); // 90-day certificates renew with a third left (jitter 10%)
    poke("pump-renew-tls", "renew"); // an event about the device's Secret makes the operator look again now
    DeviceIdentity renewed = awaitDevice("pump-renew", d -> d.getStatus().getCertificate() != null && d.getStatus().getCertificate().getRevision() == 2);
    assertThat(renewed.getStatus().getCertificate().getSerialNumber()).isNotEqualTo(firstSerial);
    assertThat(renewed.getStatus().getSuperseded()).singleElement()
        .satisfies(s -> assertThat(s.getSerialNumber()).isEqualTo(firstSerial));
    assertThat(client.configMaps().inNamespace(namespace).withName("pumps-crl").get().getData().get("revoked")).doesNotContain(firstSerial);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(client.v1().events().inNamespace(namespace).list().getItems())
            .anySatisfy(e -> assertThat(e.getInvolvedObject().getName() + "/" + e.getReason()).isEqualTo("pump-renew/Rotated")));

    CLOCK.advance(Duration.ofHours(25)); // past the 24 h grace period
    poke("pump-renew-tls", "grace-over"); // an event about the device's Secret makes the operator look again now
    await().atMost(Duration.ofSeconds(30)).until(() ->
        client.configMaps().inNamespace(namespace).withName("pumps-crl").get().getData().get("revoked").contains(firstSerial));
    Files.writeString(dir.resolve("crl.pem"), client.configMaps().inNamespace(namespace).withName("pumps-crl").get().getData().get("ca.crl"));
    write(dir, client.secrets().inNamespace(namespace).withName("pump-renew-tls").get(), "tls.crt");
    // openssl checks at the operator's (advanced) time.
    String at = Long.toString(CLOCK.instant().getEpochSecond());
    assertThat(Openssl.run(dir, "verify", "-attime", at, "-crl_check", "-CAfile", "ca.crt", "-CRLfile", "crl.pem", "old.crt").output())
        .contains("certificate revoked");
    assertThat(Openssl.run(dir, "verify", "-attime", at, "-crl_check", "-CAfile", "ca.crt", "-CRLfile", "crl.pem", "tls.crt").output())
        .contains("tls.crt: OK");
    // The key rotated with the certificate (policy rotation Always).
    assertThat(Openssl.run(dir, "x509", "-in", "tls.crt", "-noout", "-pubkey").output())
        .isNotEqualTo(Openssl.run(dir, "x509", "-in", "old.crt", "-noout", "-pubkey").output());
  }

  @Test
  void deletingADevicePutsItsCertificateOnTheCrl() {
    create(Resources.device(namespace, "pump-gone", "pumps"));
    String serial = awaitDevice("pump-gone", d -> reason(d).equals("Issued")).getStatus().getCertificate().getSerialNumber();
    client.resources(DeviceIdentity.class).inNamespace(namespace).withName("pump-gone").delete();
    await().atMost(Duration.ofSeconds(30)).until(() ->
        client.resources(DeviceIdentity.class).inNamespace(namespace).withName("pump-gone").get() == null);
    assertThat(client.configMaps().inNamespace(namespace).withName("pumps-crl").get().getData().get("revoked"))
        .contains(serial + ",").contains("cessationOfOperation");
  }

  @Test
  @org.junit.jupiter.api.Order(Integer.MAX_VALUE - 1) // moves the operator's clock forward
  void dataKeysAreUniquePerDeviceWrappedForCsrDevicesAndRotated(@TempDir Path dir) throws Exception {
    KeyRotationPolicy withDataKeys = Resources.policy(namespace, "with-data-keys");
    withDataKeys.getSpec().getDataKeys().setEnabled(true);
    withDataKeys.getSpec().getDataKeys().setRotateEvery("30d");
    withDataKeys.getSpec().getDataKeys().setRetainVersions(2);
    client.resources(KeyRotationPolicy.class).inNamespace(namespace).resource(withDataKeys).create();
    client.resources(DeviceFleet.class).inNamespace(namespace).resource(Resources.fleet(namespace, "keyed", "with-data-keys")).create();

    create(Resources.device(namespace, "keyed-1", "keyed"));
    create(Resources.device(namespace, "keyed-2", "keyed"));
    Openssl.run(dir, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", "/CN=KEYED-CSR",
        "-keyout", "device.key", "-out", "device.csr");
    Openssl.run(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "other.key");
    var csrDevice = Resources.device(namespace, "keyed-csr", "keyed");
    csrDevice.getSpec().setCsr(Files.readString(dir.resolve("device.csr")));
    create(csrDevice);
    for (String name : new String[] {"keyed-1", "keyed-2", "keyed-csr"}) {
      DeviceIdentity d = awaitDevice(name, x -> reason(x).equals("Issued") && x.getStatus().getDataKeys() != null);
      assertThat(d.getStatus().getDataKeys().getActiveVersion()).isEqualTo(1);
    }
    byte[] key1 = Base64.getDecoder().decode(client.secrets().inNamespace(namespace).withName("keyed-1-tls").get().getData().get("datakey-v1"));
    byte[] key2 = Base64.getDecoder().decode(client.secrets().inNamespace(namespace).withName("keyed-2-tls").get().getData().get("datakey-v1"));
    assertThat(key1).hasSize(32).isNotEqualTo(key2);

    // The CSR device's data key is wrapped to its own key (HPKE): only its private key opens it.
    DeviceIdentity keyedCsr = client.resources(DeviceIdentity.class).inNamespace(namespace).withName("keyed-csr").get();
    byte[] wrapped = Base64.getDecoder().decode(client.secrets().inNamespace(namespace).withName("keyed-csr-tls").get().getData().get("datakey-v1"));
    byte[] info = io.keyfleet.operator.identity.DataKeyMaterial.dataKeyInfo(keyedCsr, 1);
    byte[] opened = io.keyfleet.operator.pki.DataKeyWrap.unwrap(
        io.keyfleet.operator.pki.Pem.parsePrivateKey(Files.readString(dir.resolve("device.key"))), wrapped, info);
    assertThat(opened).hasSize(32);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> io.keyfleet.operator.pki.DataKeyWrap.unwrap(
        io.keyfleet.operator.pki.Pem.parsePrivateKey(Files.readString(dir.resolve("other.key"))), wrapped, info))
        .isInstanceOf(java.security.GeneralSecurityException.class);

    // A month later a new version is made and the old one kept for decryption.
    CLOCK.advance(Duration.ofDays(31));
    poke("keyed-1-tls", "rotate-data-keys");
    DeviceIdentity rotated = awaitDevice("keyed-1", d -> d.getStatus().getDataKeys() != null && d.getStatus().getDataKeys().getActiveVersion() == 2);
    assertThat(rotated.getStatus().getDataKeys().getOldestVersion()).isEqualTo(1);
    var data = client.secrets().inNamespace(namespace).withName("keyed-1-tls").get().getData();
    assertThat(data).containsKeys("datakey-v1", "datakey-v2");
    assertThat(Base64.getDecoder().decode(data.get("datakey-v1"))).isEqualTo(key1);
    assertThat(client.getKubernetesSerialization().asJson(rotated.getStatus())).doesNotContain(Base64.getEncoder().encodeToString(key1));
  }

  @Test
  void massRevocationPutsEveryDeviceOnTheCrl(@TempDir Path dir) throws Exception {
    int devices = 100;
    client.resources(DeviceFleet.class).inNamespace(namespace).resource(Resources.fleet(namespace, "mass", "standard")).create();
    for (int i = 0; i < devices; i++) {
      create(Resources.device(namespace, String.format("mass-%03d", i), "mass"));
    }
    await().atMost(Duration.ofSeconds(120)).until(() -> client.resources(DeviceIdentity.class).inNamespace(namespace).list().getItems()
        .stream().filter(d -> d.getSpec().getFleetRef().getName().equals("mass") && d.getStatus() != null && reason(d).equals("Issued")).count() == devices);
    long numberBefore = client.resources(DeviceFleet.class).inNamespace(namespace).withName("mass").get().getStatus().getCrl().getNumber();

    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    for (int i = 0; i < devices; i++) {
      String name = String.format("mass-%03d", i);
      pool.submit(() -> client.resources(DeviceIdentity.class).inNamespace(namespace).withName(name).edit(d -> {
        d.getSpec().setRevoked(true);
        d.getSpec().setRevocationReason(RevocationReason.affiliationChanged);
        return d;
      }));
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    await().atMost(Duration.ofSeconds(120)).until(() -> client.resources(DeviceIdentity.class).inNamespace(namespace).list().getItems()
        .stream().filter(d -> d.getSpec().getFleetRef().getName().equals("mass") && d.getStatus() != null && reason(d).equals("Revoked")).count() == devices);

    ConfigMap crl = client.configMaps().inNamespace(namespace).withName("mass-crl").get();
    Files.writeString(dir.resolve("crl.pem"), crl.getData().get("ca.crl"));
    String text = Openssl.run(dir, "crl", "-in", "crl.pem", "-noout", "-text").output();
    for (DeviceIdentity d : client.resources(DeviceIdentity.class).inNamespace(namespace).list().getItems()) {
      if (d.getSpec().getFleetRef().getName().equals("mass")) {
        assertThat(text).containsIgnoringCase(d.getStatus().getCertificate().getSerialNumber());
      }
    }
    assertThat(text.split("Serial Number:").length - 1).isEqualTo(devices);
    long numberAfter = Long.parseLong(crl.getData().get("crlNumber"));
    System.out.printf("%d revocations published in %d CRLs (group commit)%n", devices, numberAfter - numberBefore);
  }

  @Test
  void mutualTlsAcceptsTheDeviceUntilItIsRevoked(@TempDir Path dir) throws Exception {
    create(Resources.device(namespace, "pump-tls", "pumps"));
    awaitDevice("pump-tls", d -> reason(d).equals("Issued"));
    write(dir, client.secrets().inNamespace(namespace).withName("pump-tls-tls").get(), "tls.crt", "tls.key", "ca.crt");
    Openssl.run(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", "/CN=localhost",
        "-keyout", "server.key", "-out", "server.crt", "-days", "1");

    assertThat(handshake(dir, false)).as("a server trusting the fleet CA accepts the device").contains("HTTP/1.0 200 ok");

    client.resources(DeviceIdentity.class).inNamespace(namespace).withName("pump-tls").edit(d -> {
      d.getSpec().setRevoked(true);
      d.getSpec().setRevocationReason(RevocationReason.cessationOfOperation);
      return d;
    });
    awaitDevice("pump-tls", d -> reason(d).equals("Revoked"));
    Files.writeString(dir.resolve("crl.pem"), client.configMaps().inNamespace(namespace).withName("pumps-crl").get().getData().get("ca.crl"));
    assertThat(handshake(dir, true)).as("the same server with the fleet CRL refuses it")
        .doesNotContain("HTTP/1.0 200 ok").contains("certificate revoked");
  }

  /** One TLS 1.2 handshake with client authentication against openssl s_server; returns the client's output. */
  private static String handshake(Path dir, boolean crlCheck) throws Exception {
    int port;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    java.util.List<String> server = new java.util.ArrayList<>(java.util.List.of("openssl", "s_server", "-accept", "127.0.0.1:" + port,
        "-cert", "server.crt", "-key", "server.key", "-CAfile", "ca.crt", "-Verify", "1", "-verify_return_error", "-naccept", "1",
        "-www", "-tls1_2"));
    if (crlCheck) {
      server.addAll(java.util.List.of("-crl_check", "-CRL", "crl.pem"));
    }
    Process s = new ProcessBuilder(server).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("server.log").toFile()).start();
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(dir.resolve("server.log")).contains("ACCEPT"));
      Process c = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + port, "-cert", "tls.crt", "-key", "tls.key",
          "-CAfile", "server.crt", "-tls1_2", "-quiet").directory(dir.toFile()).redirectErrorStream(true).start();
      c.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      c.getOutputStream().close();
      String out = new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      c.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
      return out + "\n--- server ---\n" + Files.readString(dir.resolve("server.log"));
    } finally {
      s.destroyForcibly();
    }
  }

  private static void poke(String secret, String value) {
    client.secrets().inNamespace(namespace).withName(secret).edit(s -> {
      s.getMetadata().getAnnotations().put("test/poke", value);
      return s;
    });
  }

  private static void refused(Path dir, String name, String csrFile, String problem) throws Exception {
    var device = Resources.device(namespace, name, "pumps");
    device.getSpec().setCsr(Files.readString(dir.resolve(csrFile)));
    create(device);
    DeviceIdentity d = awaitDevice(name, x -> reason(x).equals("CSRRejected"));
    assertThat(message(d)).contains(problem);
    assertThat(client.secrets().inNamespace(namespace).withName(name + "-tls").get()).isNull();
  }

  private static void create(DeviceIdentity device) {
    client.resources(DeviceIdentity.class).inNamespace(namespace).resource(device).create();
  }

  private static DeviceIdentity awaitDevice(String name, Predicate<DeviceIdentity> condition) {
    return await().atMost(Duration.ofSeconds(60)).until(
        () -> client.resources(DeviceIdentity.class).inNamespace(namespace).withName(name).get(),
        d -> d != null && d.getStatus() != null && condition.test(d));
  }

  private static String reason(DeviceIdentity d) {
    return Conditions.find(d.getStatus().getConditions(), "Ready").map(Condition::getReason).orElse("");
  }

  private static String message(DeviceIdentity d) {
    return Conditions.find(d.getStatus().getConditions(), "Ready").map(Condition::getMessage).orElse("");
  }

  private static void write(Path dir, Secret secret, String... keys) throws Exception {
    for (String key : keys) {
      Files.write(dir.resolve(key), Base64.getDecoder().decode(secret.getData().get(key)));
    }
  }
}
