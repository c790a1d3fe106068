package io.keyfleet.operator;

import static io.keyfleet.operator.testing.CertManagerFixture.fleetReason;
import static io.keyfleet.operator.testing.OperatorFixture.message;
import static io.keyfleet.operator.testing.OperatorFixture.reason;
import static io.keyfleet.operator.testing.OperatorFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.certmanager.api.model.v1.CertificateBuilder;
import io.fabric8.certmanager.api.model.v1.CertificateRequest;
import io.fabric8.certmanager.api.model.v1.CertificateRequestCondition;
import io.fabric8.certmanager.api.model.v1.CertificateRequestConditionBuilder;
import io.fabric8.certmanager.api.model.v1.CertificateRequestStatus;
import io.fabric8.certmanager.api.model.v1.IssuerBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.keyfleet.api.v1alpha1.DeviceFleet;
import io.keyfleet.api.v1alpha1.DeviceIdentity;
import io.keyfleet.api.v1alpha1.KeyRotationPolicy;
import io.keyfleet.api.v1alpha1.common.ConditionTypes;
import io.keyfleet.api.v1alpha1.fleet.IssuerRef;
import io.keyfleet.api.v1alpha1.identity.CertificateStatus;
import io.keyfleet.api.v1alpha1.policy.KeyRotation;
import io.keyfleet.operator.pki.Pem;
import io.keyfleet.operator.status.Conditions;
import io.keyfleet.operator.testing.CertManagerFixture;
import io.keyfleet.operator.testing.MutableClock;
import io.keyfleet.operator.testing.Openssl;
import io.keyfleet.operator.testing.OperatorFixture;
import io.keyfleet.operator.testing.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cert-manager issuer mode through a device's life, against the real local control plane and a
 * real cert-manager: a request an approver denies and one the CA issuer fails are reported with
 * cert-manager's own reason and message; a fleet whose issuer is not Ready yet becomes Ready on its
 * own once the issuer's Secret appears; renewal keeps or replaces the key as the policy says, and
 * a device holding its own key rotates it with a new CSR, as with the built-in CA (see
 * IdentityIssuanceIT).
 *
 * <p>Renewal moves the operator's clock into the renewal window, but cert-manager signs in real
 * time: a certificate it issues then starts now, not at the operator's time, so it looks old to the
 * operator and is due again once the operator's time passes its renewal point. The tests leave
 * themselves that much room: the first certificate is at least {@link #SETTLED} old when the clock
 * moves, and the clock goes back to real time at the end of each test.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CertManagerLifecycleIT {
  /** How old the first certificate is when the clock moves: the room before the renewed one is due again. */
  static final Duration SETTLED = Duration.ofSeconds(60);
  static final String NO_APPROVER = "--controllers=*,-certificaterequests-approver";

  static OperatorFixture keyfleet;
  static CertManagerFixture cm;
  static KubernetesClient client;
  static String namespace;
  static MutableClock clock;
  @TempDir static Path keys;

  @BeforeAll
  static void start() throws Exception {
    keyfleet = OperatorFixture.create("cm-life");
    cm = CertManagerFixture.start(keyfleet, "pumps");
    keyfleet.startOperator("cm-life-it");
    client = keyfleet.client();
    namespace = keyfleet.namespace();
    clock = keyfleet.clock();

    createPolicy(Resources.policy(namespace, "standard"));
    // Renewal keeps the key (until it is a year old); 1 h certificates renew 20 min before expiry.
    KeyRotationPolicy kept = shortLived("kept", "1h");
    kept.getSpec().getPrivateKey().setRotation(KeyRotation.Never);
    kept.getSpec().getPrivateKey().setMaxAge("365d");
    createPolicy(kept);
    // Renewal replaces the key (the default). 2 h: the earlier renewal test's clock does not reach these devices.
    createPolicy(shortLived("rotated", "2h"));
    for (String[] fleet : new String[][] {{"pumps", "standard"}, {"kept", "kept"}, {"rotated", "rotated"}}) {
      client.resources(DeviceFleet.class).inNamespace(namespace).resource(cm.fleet(fleet[0], fleet[1])).create();
    }
    // The devices that renew and rotate are issued first, so they are old enough when their tests move the clock.
    keyfleet.create(Resources.device(namespace, "kept-1", "kept"));
    keyfleet.create(Resources.device(namespace, "rotated-1", "rotated"));
    keyfleet.create(csrDevice("rotated-csr", "rotated", csr("rotated-csr-1")));
    for (String device : List.of("kept-1", "rotated-1", "rotated-csr")) {
      cm.awaitDevice(device, d -> reason(d).equals("Issued"));
    }
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
  void aDeniedRequestIsReportedWithTheApproversReasonAndMessage() throws Exception {
    // cert-manager's own approver approves every request for its issuers: without it, the test is
    // the approver (as approver-policy would be).
    cm.restart(NO_APPROVER);
    try {
      keyfleet.create(Resources.device(namespace, "pump-denied", "pumps"));
      DeviceIdentity waiting = cm.awaitDevice("pump-denied", d -> reason(d).equals("AwaitingApproval"));
      assertThat(message(waiting)).contains("CertificateRequest " + namespace + "/pump-denied-r1");
      CertificateRequest request = request("pump-denied-r1");
      assertThat(conditions(request)).noneMatch(c -> c.getType().equals("Approved"));

      cm.api().v1().certificateRequests().inNamespace(namespace).withName("pump-denied-r1").editStatus(r -> {
        List<CertificateRequestCondition> conditions = new ArrayList<>(conditions(r));
        conditions.add(new CertificateRequestConditionBuilder().withType("Denied").withStatus("True").withReason("PolicyDenied")
            .withMessage("not allowed by policy").withLastTransitionTime(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()).build());
        if (r.getStatus() == null) {
          r.setStatus(new CertificateRequestStatus());
        }
        r.getStatus().setConditions(conditions);
        return r;
      });

      DeviceIdentity denied = cm.awaitDevice("pump-denied", d -> reason(d).equals("CertificateRequestDenied"));
      assertThat(message(denied)).contains("CertificateRequest " + namespace + "/pump-denied-r1 was denied: PolicyDenied: not allowed by policy");
      assertThat(Conditions.find(denied.getStatus().getConditions(), ConditionTypes.ISSUED).orElseThrow().getReason())
          .isEqualTo("CertificateRequestDenied");
      assertThat(denied.getStatus().getCertificate()).isNull();
      assertThat(client.secrets().inNamespace(namespace).withName("pump-denied-tls").get()).isNull();
      // cert-manager marks the request as finished; it stays for people to see (asked again after the denial back-off).
      assertThat(conditions(request("pump-denied-r1"))).anySatisfy(c -> {
        assertThat(c.getType()).isEqualTo("Ready");
        assertThat(c.getReason()).isEqualTo("Denied");
      });
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(client.v1().events().inNamespace(namespace).list().getItems())
          .anySatisfy(e -> {
            assertThat(e.getInvolvedObject().getName() + "/" + e.getReason()).isEqualTo("pump-denied/CertificateRequestDenied");
            assertThat(e.getMessage()).contains("PolicyDenied: not allowed by policy");
          }));
    } finally {
      cm.restart();
      delete("pump-denied");
    }
  }

  @Test
  @Order(2)
  void aRequestTheIssuerFailsIsReportedWithItsMessage() throws Exception {
    // A device whose CSR asks to be a CA: cert-manager's CA issuer refuses to sign it (the request
    // says isCA false), a real failure of the issuer, not of the approver.
    try {
      Openssl.run(keys, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", "/CN=PUMP-CA-CSR",
          "-addext", "subjectAltName=URI:urn:keyfleet:" + namespace + ":pumps:PUMP-CA-CSR", "-addext", "basicConstraints=critical,CA:TRUE",
          "-keyout", "ca-csr.key", "-out", "ca-csr.csr");
      keyfleet.create(csrDevice("pump-ca-csr", "pumps", Files.readString(keys.resolve("ca-csr.csr"))));

      DeviceIdentity failed = cm.awaitDevice("pump-ca-csr", d -> reason(d).equals("CertificateRequestFailed"));
      assertThat(message(failed)).contains("CertificateRequest " + namespace + "/pump-ca-csr-r1 failed: Failed: Error generating certificate"
          + " template: encoded CSR error: IsCA true does not match expected value false");
      assertThat(failed.getStatus().getCertificate()).isNull();
      assertThat(client.secrets().inNamespace(namespace).withName("pump-ca-csr-tls").get()).isNull();
      assertThat(conditions(request("pump-ca-csr-r1"))).anySatisfy(c -> {
        assertThat(c.getType()).isEqualTo("Ready");
        assertThat(c.getStatus()).isEqualTo("False");
        assertThat(c.getReason()).isEqualTo("Failed");
      });
    } finally {
      delete("pump-ca-csr");
    }
  }

  @Test
  @Order(3)
  void aFleetWaitsForItsIssuerToBecomeReadyWithoutAnEdit(@TempDir Path dir) throws Exception {
    // A CA Issuer whose Secret does not exist yet: cert-manager keeps it not Ready.
    cm.api().v1().issuers().inNamespace(namespace).resource(new IssuerBuilder()
        .withNewMetadata().withName("late-ca").endMetadata()
        .withNewSpec().withNewCa().withSecretName("late-ca").endCa().endSpec().build()).create();
    client.resources(DeviceFleet.class).inNamespace(namespace).resource(cm.fleet("late", "standard", IssuerRef.Kind.Issuer, "late-ca")).create();
    DeviceFleet notReady = await().atMost(OperatorFixture.WAIT).until(() -> fleet("late"),
        f -> fleetReason(f).equals("IssuerNotReady") && readyMessage(f).contains("ErrGetKeyPair"));
    assertThat(readyMessage(notReady)).contains("Issuer 'late-ca' (spec.issuer.certManager.issuerRef) is not Ready")
        .contains("\"late-ca\" not found");
    long generation = notReady.getMetadata().getGeneration();
    keyfleet.create(Resources.device(namespace, "late-1", "late"));
    assertThat(cm.awaitDevice("late-1", d -> !reason(d).isEmpty())).satisfies(d -> assertThat(reason(d)).isNotEqualTo("Issued"));

    // The CA arrives: a CA Certificate whose Secret is the one the issuer names.
    cm.api().v1().certificates().inNamespace(namespace).resource(new CertificateBuilder()
            .withNewMetadata().withName("late-ca").endMetadata()
            .withNewSpec().withIsCA(true).withCommonName("Late device CA").withSecretName("late-ca")
            .withNewPrivateKey().withAlgorithm("ECDSA").withSize(256).endPrivateKey()
            .withNewIssuerRef().withName(cm.selfSignedIssuer()).withKind("ClusterIssuer").withGroup("cert-manager.io").endIssuerRef()
            .endSpec().build())
        .create();

    DeviceFleet ready = await().atMost(OperatorFixture.WAIT).until(() -> fleet("late"), f -> fleetReason(f).equals("Ready"));
    assertThat(ready.getMetadata().getGeneration()).as("nobody edited the fleet").isEqualTo(generation);
    assertThat(ready.getStatus().getCa().getSubject()).isEqualTo("CN=Late device CA");
    cm.awaitDevice("late-1", d -> reason(d).equals("Issued"));
    write(dir, client.secrets().inNamespace(namespace).withName("late-1-tls").get(), "tls.crt", "ca.crt");
    assertThat(Openssl.run(dir, "verify", "-x509_strict", "-CAfile", "ca.crt", "tls.crt").output()).contains("tls.crt: OK");
    assertThat(Openssl.run(dir, "x509", "-in", "tls.crt", "-noout", "-issuer").output()).contains("CN = Late device CA");
  }

  @Test
  @Order(10) // moves the operator's clock
  void renewalKeepsTheKeyAsThePolicySaysAndRevokesTheSupersededCertificate(@TempDir Path dir) throws Exception {
    DeviceIdentity first = keyfleet.device("kept-1");
    CertificateStatus before = first.getStatus().getCertificate();
    write(dir, client.secrets().inNamespace(namespace).withName("kept-1-tls").get(), "tls.crt", "tls.key", "ca.crt");
    Files.move(dir.resolve("tls.crt"), dir.resolve("old.crt"));
    Files.move(dir.resolve("tls.key"), dir.resolve("old.key"));
    List<String> requests = new CopyOnWriteArrayList<>();
    settle(before);
    clock.setTo(Instant.parse(before.getRenewalTime()).plusSeconds(1));
    try (Watch watch = watchRequests("kept-1", requests)) {
      keyfleet.poke("kept-1-tls", "renew");
      DeviceIdentity renewed = cm.awaitDevice("kept-1", d -> revision(d) == 2);
      CertificateStatus after = renewed.getStatus().getCertificate();
      assertThat(after.getSerialNumber()).isNotEqualTo(before.getSerialNumber());
      assertThat(after.getKeyCreatedAt()).isEqualTo(before.getKeyCreatedAt());
      assertThat(renewed.getStatus().getSuperseded()).singleElement().satisfies(s -> {
        assertThat(s.getSerialNumber()).isEqualTo(before.getSerialNumber());
        assertThat(Duration.between(Instant.parse(s.getSupersededAt()), Instant.parse(s.getRevokeAfter()))).isEqualTo(Duration.ofSeconds(15));
      });
      // The next revision's request was made and, its certificate stored, deleted; none is left.
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(requests).contains("ADDED kept-1-r2", "DELETED kept-1-r2"));
      assertThat(certificateRequests("kept-1")).isEmpty();
      assertThat(Objects.toString(crl("kept").getData().get("revoked"), "")).doesNotContain(before.getSerialNumber());
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(client.v1().events().inNamespace(namespace).list().getItems())
          .anySatisfy(e -> assertThat(e.getInvolvedObject().getName() + "/" + e.getReason()).isEqualTo("kept-1/Renewed")));

      // Same key (rotation Never), new certificate from the same CA.
      write(dir, client.secrets().inNamespace(namespace).withName("kept-1-tls").get(), "tls.crt", "tls.key");
      assertThat(Files.readString(dir.resolve("tls.key"))).isEqualTo(Files.readString(dir.resolve("old.key")));
      assertThat(Openssl.run(dir, "x509", "-in", "tls.crt", "-noout", "-pubkey").output())
          .isEqualTo(Openssl.run(dir, "x509", "-in", "old.crt", "-noout", "-pubkey").output());
      assertThat(Openssl.run(dir, "verify", "-x509_strict", "-CAfile", "ca.crt", "tls.crt").output()).contains("tls.crt: OK");
      assertThat(Openssl.run(dir, "x509", "-in", "tls.crt", "-noout", "-issuer").output()).contains("CN = Example Medical device CA");

      // After the grace period (revokeSuperseded, 15 s here) the old certificate is on the fleet's CRL.
      await().atMost(Duration.ofSeconds(40)).until(() -> Objects.toString(crl("kept").getData().get("revoked"), "").contains(before.getSerialNumber()));
      String crlPem = crl("kept").getData().get("ca.crl");
      Files.writeString(dir.resolve("crl.pem"), crlPem);
      assertThat(Openssl.run(dir, "crl", "-in", "crl.pem", "-noout", "-text").output()).contains("Superseded");
      X509CRL crl = Pem.parseCrl(crlPem);
      assertThat(crl.isRevoked(certificate(dir.resolve("old.crt")))).isTrue();
      assertThat(crl.isRevoked(certificate(dir.resolve("tls.crt")))).isFalse();
    } finally {
      clock.setTo(Instant.now());
    }
    delete("kept-1");
  }

  @Test
  @Order(11) // moves the operator's clock
  void renewalRotatesTheKeyAndADeviceRotatesItsOwnWithANewCsr(@TempDir Path dir) throws Exception {
    CertificateStatus generated = keyfleet.device("rotated-1").getStatus().getCertificate();
    CertificateStatus own = keyfleet.device("rotated-csr").getStatus().getCertificate();
    write(dir, client.secrets().inNamespace(namespace).withName("rotated-1-tls").get(), "tls.crt", "ca.crt");
    Files.move(dir.resolve("tls.crt"), dir.resolve("old.crt"));
    settle(generated);
    settle(own);
    Instant due = Instant.parse(generated.getRenewalTime());
    if (Instant.parse(own.getRenewalTime()).isAfter(due)) {
      due = Instant.parse(own.getRenewalTime());
    }
    clock.setTo(due.plusSeconds(1));
    try {
      keyfleet.poke("rotated-1-tls", "renew");
      keyfleet.poke("rotated-csr-tls", "renew");

      // A key the operator holds is replaced at renewal (rotation Always, the default).
      DeviceIdentity rotated = cm.awaitDevice("rotated-1", d -> revision(d) == 2);
      assertThat(rotated.getStatus().getCertificate().getSerialNumber()).isNotEqualTo(generated.getSerialNumber());
      assertThat(Instant.parse(rotated.getStatus().getCertificate().getKeyCreatedAt())).isAfter(Instant.parse(generated.getKeyCreatedAt()));
      write(dir, client.secrets().inNamespace(namespace).withName("rotated-1-tls").get(), "tls.crt", "tls.key");
      String newKey = Openssl.run(dir, "x509", "-in", "tls.crt", "-noout", "-pubkey").output();
      assertThat(newKey).isNotEqualTo(Openssl.run(dir, "x509", "-in", "old.crt", "-noout", "-pubkey").output())
          .isEqualTo(Openssl.run(dir, "pkey", "-in", "tls.key", "-pubout").output());
      assertThat(Openssl.run(dir, "verify", "-x509_strict", "-CAfile", "ca.crt", "tls.crt").output()).contains("tls.crt: OK");
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(client.v1().events().inNamespace(namespace).list().getItems())
          .anySatisfy(e -> assertThat(e.getInvolvedObject().getName() + "/" + e.getReason()).isEqualTo("rotated-1/Rotated")));

      // A device that holds its own key is asked for a new CSR, and its new key is certified.
      DeviceIdentity asked = cm.awaitDevice("rotated-csr", d -> Conditions.find(d.getStatus().getConditions(), ConditionTypes.RENEWAL_DUE)
          .map(c -> c.getReason().equals("NewCSRRequired")).orElse(false));
      assertThat(reason(asked)).isEqualTo("Issued");
      String csr = csr("rotated-csr-2");
      client.resources(DeviceIdentity.class).inNamespace(namespace).withName("rotated-csr").edit(d -> {
        d.getSpec().setCsr(csr);
        return d;
      });
      DeviceIdentity renewed = cm.awaitDevice("rotated-csr", d -> revision(d) == 2);
      assertThat(renewed.getStatus().getCertificate().getSerialNumber()).isNotEqualTo(own.getSerialNumber());
      Path device = Files.createDirectories(dir.resolve("rotated-csr"));
      write(device, client.secrets().inNamespace(namespace).withName("rotated-csr-tls").get(), "tls.crt", "ca.crt");
      assertThat(client.secrets().inNamespace(namespace).withName("rotated-csr-tls").get().getData()).doesNotContainKey("tls.key");
      assertThat(Openssl.run(device, "x509", "-in", "tls.crt", "-noout", "-pubkey").output())
          .isEqualTo(Openssl.run(keys, "pkey", "-in", "rotated-csr-2.key", "-pubout").output());
      assertThat(Openssl.run(device, "verify", "-x509_strict", "-CAfile", "ca.crt", "tls.crt").output()).contains("tls.crt: OK");
      assertThat(certificateRequests("rotated-1")).isEmpty();
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(certificateRequests("rotated-csr")).isEmpty());
    } finally {
      clock.setTo(Instant.now());
    }
  }

  /** Waits until the certificate is {@link #SETTLED} old (in real time, as cert-manager counts). */
  private static void settle(CertificateStatus certificate) throws InterruptedException {
    Duration left = Duration.between(Instant.now(), Instant.parse(certificate.getNotBefore()).plus(SETTLED));
    if (!left.isNegative()) {
      Thread.sleep(left.toMillis());
    }
  }

  private static long revision(DeviceIdentity d) {
    return d.getStatus().getCertificate() == null ? 0 : d.getStatus().getCertificate().getRevision();
  }

  private static KeyRotationPolicy shortLived(String name, String duration) {
    KeyRotationPolicy policy = Resources.policy(namespace, name);
    policy.getSpec().getCertificate().setDuration(duration);
    policy.getSpec().getCertificate().setJitterPercent(0);
    policy.getSpec().getRevocation().setSupersededGracePeriod("15s");
    return policy;
  }

  private static void createPolicy(KeyRotationPolicy policy) {
    client.resources(KeyRotationPolicy.class).inNamespace(namespace).resource(policy).create();
  }

  /** A new P-256 key in the keys folder ({@code <file>.key}) and a CSR for it naming the device as the fleet's template does. */
  private static String csr(String file) throws Exception {
    String deviceId = "ROTATED-CSR";
    Openssl.run(keys, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", "/CN=" + deviceId,
        "-addext", "subjectAltName=URI:urn:keyfleet:" + namespace + ":rotated:" + deviceId, "-keyout", file + ".key", "-out", file + ".csr");
    return Files.readString(keys.resolve(file + ".csr"));
  }

  private static DeviceIdentity csrDevice(String name, String fleet, String csr) {
    DeviceIdentity device = Resources.device(namespace, name, fleet);
    device.getSpec().setCsr(csr);
    return device;
  }

  private static void delete(String device) {
    client.resources(DeviceIdentity.class).inNamespace(namespace).withName(device).delete();
  }

  private static DeviceFleet fleet(String name) {
    return client.resources(DeviceFleet.class).inNamespace(namespace).withName(name).get();
  }

  private static String readyMessage(DeviceFleet f) {
    return f.getStatus() == null ? "" : Conditions.find(f.getStatus().getConditions(), "Ready").map(c -> c.getMessage()).orElse("");
  }

  private static io.fabric8.kubernetes.api.model.ConfigMap crl(String fleet) {
    return client.configMaps().inNamespace(namespace).withName(fleet + "-crl").get();
  }

  private static CertificateRequest request(String name) {
    return await(name).atMost(OperatorFixture.WAIT)
        .until(() -> cm.api().v1().certificateRequests().inNamespace(namespace).withName(name).get(), Objects::nonNull);
  }

  private static List<CertificateRequestCondition> conditions(CertificateRequest request) {
    return request.getStatus() == null || request.getStatus().getConditions() == null ? List.of() : request.getStatus().getConditions();
  }

  private static List<CertificateRequest> certificateRequests(String device) {
    return cm.api().v1().certificateRequests().inNamespace(namespace).withLabel("keyfleet.io/device", device).list().getItems();
  }

  /** Records "ACTION name" for each change of the device's requests. */
  private static Watch watchRequests(String device, List<String> seen) {
    return cm.api().v1().certificateRequests().inNamespace(namespace).withLabel("keyfleet.io/device", device).watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, CertificateRequest request) {
        seen.add(action + " " + request.getMetadata().getName());
      }

      @Override
      public void onClose(WatcherException cause) {}
    });
  }

  private static X509Certificate certificate(Path pem) throws Exception {
    return Pem.parseCertificates(Files.readString(pem)).get(0);
  }
}
