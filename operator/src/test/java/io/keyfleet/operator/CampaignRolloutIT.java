package io.keyfleet.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.keyfleet.api.v1alpha1.DeviceFleet;
import io.keyfleet.api.v1alpha1.DeviceIdentity;
import io.keyfleet.api.v1alpha1.UpdateCampaign;
import io.keyfleet.api.v1alpha1.campaign.CampaignPhase;
import io.keyfleet.api.v1alpha1.campaign.FailureAction;
import io.keyfleet.api.v1alpha1.campaign.Wave;
import io.keyfleet.operator.identity.DeviceSecret;
import io.keyfleet.operator.pki.Pem;
import io.keyfleet.operator.signing.SigningKey;
import io.keyfleet.operator.status.Conditions;
import io.keyfleet.operator.testing.CampaignFixtures;
import io.keyfleet.operator.testing.DeviceSimulator;
import io.keyfleet.operator.testing.LocalControlPlane;
import io.keyfleet.operator.testing.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Update campaigns end to end against the real API server and the real olareg registry: 300
 * simulated devices per fleet, manifests checked with cosign and oras, waves, a pause on a failing
 * wave, a rollback, and update-signing key rotation reaching every device Secret first.
 */
class CampaignRolloutIT {
  static final int DEVICES = 300;
  static LocalControlPlane plane;
  static KubernetesClient client;
  static String operatorNamespace;
  static List<String> namespaces = new ArrayList<>();
  static KeyfleetOperator operator;
  static CampaignFixtures fixtures;

  @BeforeAll
  static void start() throws Exception {
    plane = LocalControlPlane.get().withCrds();
    client = plane.client();
    fixtures = new CampaignFixtures(plane);
    operatorNamespace = plane.createNamespace("campaign-op");
    for (String prefix : List.of("campaign-ok", "campaign-pause", "campaign-back", "campaign-down", "campaign-race", "campaign-keys", "campaign-gate")) {
      namespaces.add(plane.createNamespace(prefix));
    }
    operator = KeyfleetOperator.start(new OperatorSettings(operatorNamespace, Set.copyOf(namespaces), "campaign-it", false, "unused",
        Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2), 0, "http://127.0.0.1:8081", 16), client, Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    if (fixtures != null) {
      fixtures.close();
    }
    if (operator != null) {
      operator.close();
    }
  }

  @Test
  void aThreeWaveCampaignReachesEveryDeviceWithASignedManifestThatCosignVerifies(@TempDir Path dir) throws Exception {
    String ns = namespaces.get(0);
    fixtures.fleetWithDevices(ns, DEVICES, d -> false);
    DeviceFleet fleet = client.resources(DeviceFleet.class).inNamespace(ns).withName("pumps").get();
    String activeKey = fleet.getStatus().getSigning().getActiveKeyId();
    for (DeviceIdentity d : fixtures.devices(ns)) {
      String trust = new String(Base64.getDecoder().decode(
          client.secrets().inNamespace(ns).withName(d.getMetadata().getName() + "-tls").get().getData().get(DeviceSecret.UPDATE_TRUST)),
          StandardCharsets.UTF_8);
      assertThat(Pem.parsePublicKeys(trust)).extracting(SigningKey::idOf).containsExactly(activeKey);
    }

    fixtures.campaign(ns, "x2-2.4.1", FailureAction.Pause);
    fixtures.awaitPhase(ns, "x2-2.4.1", CampaignPhase.Succeeded);
    // A wave passes at 95%; the counts keep following the last reports after that.
    await().atMost(Duration.ofMinutes(1)).until(() -> client.resources(UpdateCampaign.class).inNamespace(ns).withName("x2-2.4.1").get()
        .getStatus().getTotals().getSucceeded() == DEVICES);
    var status = client.resources(UpdateCampaign.class).inNamespace(ns).withName("x2-2.4.1").get().getStatus();
    assertThat(status.getWaves()).extracting(w -> w.getEligible()).containsExactly(30L, 135L, 135L);
    assertThat(status.getTotals().getSucceeded()).isEqualTo(DEVICES);
    assertThat(status.getTotals().getAssigned()).isEqualTo(DEVICES);
    assertThat(status.getManifest().getSigningKeyId()).isEqualTo(activeKey);
    long sequence = status.getManifest().getSequence();
    for (DeviceIdentity d : fixtures.devices(ns)) {
      assertThat(d.getStatus().getUpdate().getSequence()).isEqualTo(sequence);
      assertThat(d.getStatus().getUpdate().getManifestDigest()).isEqualTo(status.getManifest().getDigest());
      assertThat(d.getStatus().getReported().getFirmwareVersion()).as("the connector's report is intact").isEqualTo("2.4.1");
      assertThat(Conditions.isTrue(d.getStatus().getConditions(), "Ready")).as("the certificate status is intact").isTrue();
    }
    DeviceFleet after = client.resources(DeviceFleet.class).inNamespace(ns).withName("pumps").get();
    assertThat(after.getStatus().getSigning().getLastManifestSequence()).isEqualTo(sequence);

    // An independent verifier: cosign with the fleet's public key, offline.
    String key = fleetPublicKeyPem(ns, activeKey);
    Files.writeString(dir.resolve("fleet.pub"), key);
    var verified = Tools.run("cosign", dir, "verify", "--key", "fleet.pub", "--insecure-ignore-tlog=true", "--allow-http-registry",
        status.getManifest().getReference());
    assertThat(verified.exitCode()).as(verified.output()).isZero();
    // The referrers API lists the manifest under the firmware it points at.
    var firmwareDigest = status.getManifest().getArtifactDigest();
    var discovered = Tools.run("oras", dir, "discover", "--plain-http", "--format", "json",
        plane.registry() + "/keyfleet/" + ns + "@" + firmwareDigest);
    assertThat(discovered.output()).contains(status.getManifest().getDigest()).contains("application/vnd.keyfleet.update-manifest.v1+json");

    // What a connector does before installing (connector-sdk): fetch, verify with the device's
    // update-trust.pem, refuse a replay and another fleet's key.
    DeviceIdentity device = fixtures.devices(ns).get(0);
    var assignment = device.getStatus().getUpdate();
    var fetched = new io.keyfleet.connector.registry.RegistryReader().fetchUpdate(assignment.getManifestRef());
    var verifier = io.keyfleet.connector.UpdateVerifier.fromTrustPem(trustPem(ns, device.getMetadata().getName()));
    var facts = new io.keyfleet.connector.DeviceFacts(ns, "pumps", "pump-x2", 0, "2.3.7", false);
    var verdict = verifier.verify(assignment.getManifestDigest(), fetched, facts, java.time.Instant.now());
    assertThat(verdict.accepted()).as(verdict.message()).isTrue();
    var credentials = io.keyfleet.connector.DeviceCredentials.fromSecretData(
        client.secrets().inNamespace(ns).withName(device.getMetadata().getName() + "-tls").get().getData());
    assertThat(credentials.certificate().getSubjectX500Principal().getName()).contains(device.getSpec().getDeviceId());
    assertThat(credentials.sslContext()).as("the operator's key and chain load into a JDK TLS context").isNotNull();
    assertThat(verdict.update().sequence()).isEqualTo(sequence);
    assertThat(verdict.update().artifactDigest()).isEqualTo(status.getManifest().getArtifactDigest());
    var installed = new io.keyfleet.connector.DeviceFacts(ns, "pumps", "pump-x2", sequence, "2.4.1", false);
    assertThat(verifier.verify(assignment.getManifestDigest(), fetched, installed, java.time.Instant.now()).refusal())
        .contains(io.keyfleet.connector.Refusal.NOT_NEWER);
    String otherFleetKey = Pem.publicKey(io.keyfleet.operator.pki.KeyPairs.generate(
        io.keyfleet.api.v1alpha1.policy.KeyAlgorithm.ECDSA_P256).getPublic());
    assertThat(io.keyfleet.connector.UpdateVerifier.fromTrustPem(otherFleetKey)
        .verify(assignment.getManifestDigest(), fetched, facts, java.time.Instant.now()).refusal())
        .contains(io.keyfleet.connector.Refusal.BAD_SIGNATURE);
  }

  static String trustPem(String namespace, String device) {
    return new String(Base64.getDecoder().decode(
        client.secrets().inNamespace(namespace).withName(device + "-tls").get().getData().get(DeviceSecret.UPDATE_TRUST)),
        StandardCharsets.UTF_8);
  }

  @Test
  void aWaveWithTwentyPercentFailuresPausesTheCampaignWithAConditionThatSaysWhy() throws Exception {
    String ns = namespaces.get(1);
    fixtures.fleetWithDevices(ns, DEVICES, everyFifthOfWaveZero());
    fixtures.campaign(ns, "x2-2.4.1", FailureAction.Pause);
    UpdateCampaign paused = fixtures.awaitPhase(ns, "x2-2.4.1", CampaignPhase.Paused);
    var status = paused.getStatus();
    assertThat(status.getCurrentWave()).isZero();
    assertThat(status.getWaves().get(0).getState()).hasToString("Failed");
    assertThat(status.getWaves().get(1).getAssigned()).as("nothing of wave 1 assigned").isZero();
    var progressing = Conditions.find(status.getConditions(), "Progressing").orElseThrow();
    assertThat(progressing.getReason()).isEqualTo("WaveFailed");
    assertThat(progressing.getMessage()).contains("wave 0 failed").contains("failure threshold of 5%").contains("onFailure is Pause");
    long assigned = fixtures.devices(ns).stream().filter(d -> d.getStatus().getUpdate() != null).count();
    assertThat(assigned).isEqualTo(30);
  }

  @Test
  void aFailedWaveRollsBackEveryUpdatedDeviceUnderAHigherSequence() throws Exception {
    String ns = namespaces.get(2);
    fixtures.fleetWithDevices(ns, DEVICES, everyFifthOfWaveZero());
    fixtures.campaign(ns, "x2-2.4.1", FailureAction.Rollback);
    UpdateCampaign rolledBack = fixtures.awaitPhase(ns, "x2-2.4.1", CampaignPhase.RolledBack);
    var status = rolledBack.getStatus();
    long forward = status.getManifest().getSequence();
    long back = status.getRollbackManifest().getSequence();
    assertThat(back).isGreaterThan(forward);
    List<DeviceIdentity> updated = fixtures.devices(ns).stream().filter(d -> d.getStatus().getUpdate() != null).toList();
    assertThat(updated).hasSize(30);
    for (DeviceIdentity d : updated) {
      var u = d.getStatus().getUpdate();
      assertThat(u.getSequence()).isEqualTo(back);
      assertThat(u.getVersion()).isEqualTo("2.3.7");
      assertThat(u.getRollback()).isTrue();
      assertThat(d.getStatus().getReported().getFirmwareVersion()).isEqualTo("2.3.7");
    }
  }

  @Test
  void withTheRegistryDownNothingIsAssignedUntilTheSignedManifestIsInTheRegistry(@TempDir Path dir) throws Exception {
    String ns = namespaces.get(3);
    int port = freePort();
    String repository = "127.0.0.1:" + port + "/keyfleet/" + ns;
    DeviceSimulator simulator = fixtures.fleetWithDevices(ns, 20, repository, d -> false);
    fixtures.campaign(ns, "x2-2.4.1", FailureAction.Pause, repository);
    await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).until(() -> {
      var published = publishedCondition(ns);
      return published != null && published.getReason().equals("RegistryUnreachable") && published.getMessage().contains("attempt 3");
    });
    UpdateCampaign waiting = client.resources(UpdateCampaign.class).inNamespace(ns).withName("x2-2.4.1").get();
    assertThat(waiting.getStatus().getPhase()).isEqualTo(CampaignPhase.Publishing);
    assertThat(publishedCondition(ns).getStatus()).hasToString("False");
    assertThat(fixtures.devices(ns)).allSatisfy(d -> assertThat(d.getStatus().getUpdate()).as("nothing assigned").isNull());
    assertThat(client.v1().events().inNamespace(ns).list().getItems())
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("PublishFailed"));

    // The registry comes up (empty); the firmware arrives; the campaign publishes and rolls out.
    Process registry = new ProcessBuilder(Tools.path("olareg").toString(), "serve", "--addr", "127.0.0.1", "--port", Integer.toString(port),
        "--store-type", "mem", "--api-delete").redirectErrorStream(true).redirectOutput(dir.resolve("olareg.log").toFile()).start();
    try {
      await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
        try (var socket = new java.net.Socket("127.0.0.1", port)) {
          return true;
        }
      });
      Path fw = Files.createTempDirectory("firmware");
      Files.writeString(fw.resolve("pump-x2.bin"), "firmware image 2.4.1");
      var pushed = Tools.run("oras", fw, "push", "--plain-http", repository + ":2.4.1", "pump-x2.bin");
      assertThat(pushed.exitCode()).as(pushed.output()).isZero();
      UpdateCampaign done = fixtures.awaitPhase(ns, "x2-2.4.1", CampaignPhase.Succeeded);
      assertThat(publishedCondition(ns).getStatus()).hasToString("True");
      assertThat(done.getStatus().getManifest().getDigest()).startsWith("sha256:");
      assertThat(simulator.reassigned()).isZero();
    } finally {
      registry.destroy();
    }
  }

  @Test
  void connectorReportsRacingTheOperatorsStatusWritesAreNeverLost() throws Exception {
    String ns = namespaces.get(4);
    fixtures.pushFirmware(ns, "2.4.1");
    int count = 40;
    DeviceSimulator simulator = fixtures.fleetWithDevices(ns, count, fixtures.firmwareRepository(ns), d -> false);
    simulator.silence(true);
    List<String> names = fixtures.devices(ns).stream().map(d -> d.getMetadata().getName()).toList();
    DeviceSimulator connector = simulator;
    int rounds = 60;
    var reporters = java.util.concurrent.Executors.newFixedThreadPool(8);
    List<java.util.concurrent.Future<?>> writes = new ArrayList<>();
    for (String name : names) {
      writes.add(reporters.submit(() -> {
        for (int k = 1; k <= rounds; k++) {
          connector.report(name, "2.3.7", "Idle", null, null, "report-" + k);
        }
      }));
    }
    // Meanwhile the operator writes status: campaign assignments, and revocations of a quarter.
    UpdateCampaign c = fixtures.campaign(ns, "x2-2.4.1", FailureAction.Pause, fixtures.firmwareRepository(ns), one -> {
      Wave all = new Wave();
      all.setPercent(100);
      one.getSpec().getStrategy().setWaves(new ArrayList<>(List.of(all)));
    });
    for (int i = 0; i < count; i += 4) {
      String name = names.get(i);
      client.resources(DeviceIdentity.class).inNamespace(ns).withName(name).patch(
          io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
          "{\"spec\":{\"revoked\":true,\"revocationReason\":\"keyCompromise\"}}");
    }
    for (var w : writes) {
      w.get();
    }
    reporters.shutdown();
    await().atMost(Duration.ofMinutes(1)).until(() -> fixtures.devices(ns).stream()
        .filter(d -> Boolean.TRUE.equals(d.getSpec().getRevoked()))
        .allMatch(d -> Conditions.isTrue(d.getStatus().getConditions(), "Revoked")));
    await().atMost(Duration.ofMinutes(1)).until(() -> fixtures.devices(ns).stream()
        .filter(d -> !Boolean.TRUE.equals(d.getSpec().getRevoked())).allMatch(d -> d.getStatus().getUpdate() != null));
    for (DeviceIdentity d : fixtures.devices(ns)) {
      assertThat(d.getStatus().getReported().getMessage()).as("the last report of %s", d.getMetadata().getName()).isEqualTo("report-" + rounds);
      assertThat(d.getStatus().getCertificate()).as("certificate status of %s", d.getMetadata().getName()).isNotNull();
      var owners = d.getMetadata().getManagedFields().stream()
          .filter(f -> f.getFieldsV1() != null && f.getFieldsV1().getAdditionalProperties().toString().contains("f:reported"))
          .map(f -> f.getManager()).toList();
      assertThat(owners).as("only the connector owns status.reported").containsExactly(DeviceSimulator.FIELD_MANAGER);
    }
    assertThat(c).isNotNull();
  }

  @Test
  void aSigningKeyRotationReachesEveryDeviceSecretBeforeItSigns(@TempDir Path dir) throws Exception {
    String ns = namespaces.get(5);
    fixtures.pushFirmware(ns, "2.4.1");
    int count = 50;
    fixtures.fleetWithDevices(ns, count, fixtures.firmwareRepository(ns), d -> false);
    DeviceFleet before = client.resources(DeviceFleet.class).inNamespace(ns).withName("pumps").get();
    String oldKey = before.getStatus().getSigning().getActiveKeyId();
    client.resources(DeviceFleet.class).inNamespace(ns).withName("pumps").edit(f -> {
      f.getMetadata().getAnnotations().put(io.keyfleet.operator.signing.SigningKeyStore.ROTATE_ANNOTATION, "2026-rotation");
      return f;
    });
    await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200)).until(() -> {
      var s = client.resources(DeviceFleet.class).inNamespace(ns).withName("pumps").get().getStatus().getSigning();
      return !s.getActiveKeyId().equals(oldKey);
    });
    var signing = client.resources(DeviceFleet.class).inNamespace(ns).withName("pumps").get().getStatus().getSigning();
    String newKey = signing.getActiveKeyId();
    assertThat(signing.getTrustedKeyIds()).containsExactly(newKey, oldKey);
    assertThat(signing.getPendingKeyId()).isNull();
    for (DeviceIdentity d : fixtures.devices(ns)) {
      String trust = new String(Base64.getDecoder().decode(
          client.secrets().inNamespace(ns).withName(d.getMetadata().getName() + "-tls").get().getData().get(DeviceSecret.UPDATE_TRUST)),
          StandardCharsets.UTF_8);
      assertThat(Pem.parsePublicKeys(trust)).extracting(SigningKey::idOf).as("the trust of %s", d.getMetadata().getName())
          .containsExactly(newKey, oldKey);
    }
    assertThat(client.v1().events().inNamespace(ns).list().getItems()).extracting(e -> e.getReason())
        .contains("SigningKeyRotationStarted", "SigningKeyActivated");
    // What is signed from now on is signed with the new key, and cosign accepts it with that key alone.
    fixtures.campaign(ns, "x2-2.4.1", FailureAction.Pause);
    UpdateCampaign done = fixtures.awaitPhase(ns, "x2-2.4.1", CampaignPhase.Succeeded);
    assertThat(done.getStatus().getManifest().getSigningKeyId()).isEqualTo(newKey);
    Files.writeString(dir.resolve("new.pub"), fleetPublicKeyPem(ns, newKey));
    Files.writeString(dir.resolve("old.pub"), fleetPublicKeyPem(ns, oldKey));
    String ref = done.getStatus().getManifest().getReference();
    assertThat(Tools.run("cosign", dir, "verify", "--key", "new.pub", "--insecure-ignore-tlog=true", "--allow-http-registry", ref).exitCode())
        .isZero();
    assertThat(Tools.run("cosign", dir, "verify", "--key", "old.pub", "--insecure-ignore-tlog=true", "--allow-http-registry", ref).exitCode())
        .isNotZero();
  }

  @Test
  void aClosedMaintenanceWindowAndSpecPausedHoldAssignmentsBack() throws Exception {
    String ns = namespaces.get(6);
    fixtures.pushFirmware(ns, "2.4.1");
    fixtures.fleetWithDevices(ns, 20, fixtures.firmwareRepository(ns), d -> false);
    // A window that opens an hour from now (UTC) and lasts a minute: closed for the whole test.
    var opens = java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusHours(1);
    fixtures.campaign(ns, "x2-2.4.1", FailureAction.Pause, fixtures.firmwareRepository(ns), c -> {
      var window = new io.keyfleet.api.v1alpha1.policy.MaintenanceWindow();
      window.setSchedule(opens.getMinute() + " " + opens.getHour() + " * * *");
      window.setDuration("1m");
      window.setTimeZone("UTC");
      c.getSpec().getStrategy().getWindows().add(window);
    });
    var campaigns = client.resources(UpdateCampaign.class).inNamespace(ns).withName("x2-2.4.1");
    await().atMost(Duration.ofMinutes(1)).until(() -> campaigns.get().getStatus() != null && Conditions.find(
        campaigns.get().getStatus().getConditions(), "Progressing").map(c -> c.getReason().equals("OutsideWindow")).orElse(false));
    assertThat(campaigns.get().getStatus().getPhase()).isEqualTo(CampaignPhase.Rolling);
    assertThat(fixtures.devices(ns)).allSatisfy(d -> assertThat(d.getStatus().getUpdate()).isNull());

    // Paused, then the window goes: still nothing. Unpaused: the rollout goes on.
    mergePatch(campaigns, "{\"spec\":{\"paused\":true,\"strategy\":{\"windows\":[]}}}");
    fixtures.awaitPhase(ns, "x2-2.4.1", CampaignPhase.Paused);
    assertThat(Conditions.find(campaigns.get().getStatus().getConditions(), "Progressing").orElseThrow().getReason()).isEqualTo("PausedByUser");
    assertThat(fixtures.devices(ns)).allSatisfy(d -> assertThat(d.getStatus().getUpdate()).isNull());
    mergePatch(campaigns, "{\"spec\":{\"paused\":false}}");
    fixtures.awaitPhase(ns, "x2-2.4.1", CampaignPhase.Succeeded);
    assertThat(client.v1().events().inNamespace(ns).list().getItems()).extracting(e -> e.getReason())
        .contains("Published", "WaveStarted", "WavePassed", "Paused", "Resumed", "Succeeded");
  }

  /**
   * Fails every fifth device assigned in wave 0, so exactly 20% of the first wave fails whichever
   * devices the campaign's order puts there (a failing set chosen by name would vary with the
   * namespace's random suffix, and now and then leave wave 0 with a single failure).
   */
  static java.util.function.Predicate<DeviceIdentity> everyFifthOfWaveZero() {
    var seen = new java.util.concurrent.atomic.AtomicInteger();
    return d -> d.getStatus().getUpdate().getWave() == 0 && seen.getAndIncrement() % 5 == 0;
  }

  /** A spec change without a resourceVersion: the operator's status writes never make it conflict. */
  static void mergePatch(io.fabric8.kubernetes.client.dsl.Resource<UpdateCampaign> campaign, String json) {
    campaign.patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE), json);
  }

  static io.keyfleet.api.v1alpha1.common.Condition publishedCondition(String ns) {
    UpdateCampaign c = client.resources(UpdateCampaign.class).inNamespace(ns).withName("x2-2.4.1").get();
    return c.getStatus() == null ? null : Conditions.find(c.getStatus().getConditions(), "Published").orElse(null);
  }

  static int freePort() throws java.io.IOException {
    try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  static String fleetPublicKeyPem(String namespace, String keyId) {
    DeviceIdentity any = fixtures.devices(namespace).get(0);
    String trust = new String(Base64.getDecoder().decode(
        client.secrets().inNamespace(namespace).withName(any.getMetadata().getName() + "-tls").get().getData().get(DeviceSecret.UPDATE_TRUST)),
        StandardCharsets.UTF_8);
    return Pem.parsePublicKeys(trust).stream().filter(k -> SigningKey.idOf(k).equals(keyId)).map(Pem::publicKey).findFirst().orElseThrow();
  }
}
