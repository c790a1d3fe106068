package io.keyfleet.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.keyfleet.api.v1alpha1.DeviceFleet;
import io.keyfleet.api.v1alpha1.DeviceIdentity;
import io.keyfleet.api.v1alpha1.KeyRotationPolicy;
import io.keyfleet.operator.identity.DeviceSecret;
import io.keyfleet.operator.pki.Pem;
import io.keyfleet.operator.status.Conditions;
import io.keyfleet.operator.testing.LocalControlPlane;
import io.keyfleet.operator.testing.OperatorProcess;
import io.keyfleet.operator.testing.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Kill the operator (SIGKILL: no shutdown hook, no cleanup) in the middle of issuing 2,000
 * identities and start a new one: every identity ends Ready with exactly one live certificate, no
 * Secret is left without its owner, and no serial number appears twice.
 */
class RestartIT {
  static final int DEVICES = 2000;
  Process operator;

  @Test
  void aKilledOperatorLeavesNothingHalfDone() throws Exception {
    LocalControlPlane plane = LocalControlPlane.get().withCrds();
    KubernetesClient client = plane.client();
    String namespace = plane.createNamespace("restart");
    client.resources(KeyRotationPolicy.class).inNamespace(namespace).resource(Resources.policy(namespace, "standard")).create();
    client.resources(DeviceFleet.class).inNamespace(namespace).resource(Resources.fleet(namespace, "pumps", "standard")).create();

    Path firstLog = Files.createTempFile("restart-first", ".log");
    operator = start(plane, namespace, firstLog);
    ExecutorService creators = Executors.newFixedThreadPool(8);
    for (int i = 0; i < DEVICES; i++) {
      String name = String.format("pump-%05d", i);
      creators.submit(() -> client.resources(DeviceIdentity.class).inNamespace(namespace).resource(Resources.device(namespace, name, "pumps")).create());
    }
    // Kill it once issuance is well under way, but far from done.
    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100)).until(() -> deviceSecrets(client, namespace).size() >= 300);
    operator.destroyForcibly().waitFor();
    int issuedBeforeKill = deviceSecrets(client, namespace).size();
    creators.shutdown();
    assertThat(creators.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
    System.out.printf("killed the operator with %d of %d identities issued%n", issuedBeforeKill, DEVICES);
    assertThat(issuedBeforeKill).isLessThan(DEVICES);

    operator = start(plane, namespace, Files.createTempFile("restart-second", ".log"));
    await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(2)).until(() ->
        client.resources(DeviceIdentity.class).inNamespace(namespace).list().getItems().stream()
            .filter(d -> d.getStatus() != null && Conditions.isTrue(d.getStatus().getConditions(), "Ready")).count() == DEVICES);

    await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
        assertThat(client.resources(DeviceFleet.class).inNamespace(namespace).withName("pumps").get().getStatus().getDevices().getReady())
            .as("the fleet's count follows, after the restart too").isEqualTo(DEVICES));
    List<DeviceIdentity> devices = client.resources(DeviceIdentity.class).inNamespace(namespace).list().getItems();
    List<Secret> secrets = deviceSecrets(client, namespace);
    assertThat(devices).hasSize(DEVICES);
    assertThat(secrets).as("one Secret per device").hasSize(DEVICES);
    Map<String, DeviceIdentity> byUid = new HashMap<>();
    devices.forEach(d -> byUid.put(d.getMetadata().getUid(), d));
    Set<String> serials = new HashSet<>();
    for (Secret secret : secrets) {
      assertThat(secret.getMetadata().getOwnerReferences()).as("owner of %s", secret.getMetadata().getName()).singleElement()
          .satisfies(o -> assertThat(byUid).containsKey(o.getUid()));
      DeviceIdentity owner = byUid.get(secret.getMetadata().getOwnerReferences().get(0).getUid());
      String serial = Pem.serialHex(DeviceSecret.read(secret).orElseThrow().leaf().getSerialNumber());
      assertThat(serials.add(serial)).as("serial %s appears once", serial).isTrue();
      assertThat(owner.getStatus().getCertificate().getSerialNumber()).as("status of %s follows its Secret", owner.getMetadata().getName())
          .isEqualTo(serial);
      assertThat(owner.getStatus().getSuperseded()).as("%s never had a second certificate", owner.getMetadata().getName()).isEmpty();
    }
  }

  @AfterEach
  void stop() {
    if (operator != null) {
      operator.destroyForcibly();
    }
  }

  private static List<Secret> deviceSecrets(KubernetesClient client, String namespace) {
    return client.secrets().inNamespace(namespace).withLabel("keyfleet.io/device").list().getItems();
  }

  private static Process start(LocalControlPlane plane, String namespace, Path log) throws Exception {
    return OperatorProcess.start(plane, java.util.Map.of(
        "KEYFLEET_NAMESPACE", namespace,
        "KEYFLEET_WATCH_NAMESPACES", namespace,
        "KEYFLEET_LEADER_ELECTION", "false"), log);
  }
}
