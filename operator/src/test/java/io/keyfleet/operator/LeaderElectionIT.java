package io.keyfleet.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.keyfleet.api.v1alpha1.DeviceFleet;
import io.keyfleet.api.v1alpha1.DeviceIdentity;
import io.keyfleet.api.v1alpha1.KeyRotationPolicy;
import io.keyfleet.operator.status.Conditions;
import io.keyfleet.operator.testing.LocalControlPlane;
import io.keyfleet.operator.testing.OperatorProcess;
import io.keyfleet.operator.testing.Resources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two operator processes (the shaded jar, as it runs in a cluster) against one API server: only
 * the lease holder reconciles, and when it is killed (SIGKILL, no chance to release the lease)
 * the standby takes over once the lease expires; stopped with SIGTERM, the leader exits and hands
 * the lease over at once.
 */
class LeaderElectionIT {
  static final Duration LEASE = Duration.ofSeconds(6);
  final List<Process> processes = new ArrayList<>();

  @Test
  void onlyTheLeaderReconcilesAndTheStandbyTakesOver() throws Exception {
    Replicas replicas = startLeaderAndStandby("leader");
    KubernetesClient client = replicas.client();
    String namespace = replicas.namespace();
    Process a = replicas.leader();
    Process b = replicas.standby();
    Path logA = replicas.leaderLog();
    Path logB = replicas.standbyLog();

    client.resources(DeviceIdentity.class).inNamespace(namespace).resource(Resources.device(namespace, "pump-1", "pumps")).create();
    awaitReason(client, namespace, "pump-1", "Issued");
    assertThat(Files.readString(logA)).contains("name=pump-1");
    assertThat(Files.readString(logB)).doesNotContain("name=pump-1").doesNotContain("status changed");

    a.destroyForcibly().waitFor();
    long killed = System.nanoTime();
    java.time.ZonedDateTime lastRenewal = client.leases().inNamespace(namespace).withName("keyfleet-operator").get().getSpec().getRenewTime();
    await().atMost(LEASE.multipliedBy(5)).pollInterval(Duration.ofMillis(200))
        .until(() -> "replica-b".equals(holder(client, namespace)));
    java.time.ZonedDateTime acquired = client.leases().inNamespace(namespace).withName("keyfleet-operator").get().getSpec().getAcquireTime();
    // Figures, not assertions on time: the takeover follows the lease's expiry, measured here.
    System.out.printf(
        "standby took over %.1f s after the leader was killed; %.1f s after its last renewal (lease %d s, retry 1 s)%n",
        (System.nanoTime() - killed) / 1e9, Duration.between(lastRenewal, acquired).toMillis() / 1e3, LEASE.toSeconds());

    client.resources(DeviceIdentity.class).inNamespace(namespace).resource(Resources.device(namespace, "pump-2", "pumps")).create();
    awaitReason(client, namespace, "pump-2", "Issued");
    assertThat(Files.readString(logB)).contains("leadership acquired instance=replica-b").contains("name=pump-2");
    assertThat(b.isAlive()).isTrue();
  }

  @Test
  void aLeaderStoppedWithSigtermExitsAndHandsTheLeaseOver() throws Exception {
    Replicas replicas = startLeaderAndStandby("sigterm");
    KubernetesClient client = replicas.client();
    String namespace = replicas.namespace();
    Process a = replicas.leader();
    Path logA = replicas.leaderLog();
    Path logB = replicas.standbyLog();

    long terminated = System.nanoTime();
    a.destroy(); // SIGTERM, as the kubelet sends it
    // The generous bound only stops a hang from hanging the build; the figure is printed below.
    assertThat(a.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as("the leader exits on SIGTERM (log: %s)", logA).isTrue();
    double exited = (System.nanoTime() - terminated) / 1e9;
    assertThat(Files.readString(logA)).contains("released the lease instance=replica-a");
    await().atMost(LEASE.multipliedBy(5)).pollInterval(Duration.ofMillis(200))
        .until(() -> "replica-b".equals(holder(client, namespace)));
    System.out.printf(
        "leader exited %.1f s after SIGTERM; standby led %.1f s after it (lease %d s, retry 1 s)%n",
        exited, (System.nanoTime() - terminated) / 1e9, LEASE.toSeconds());

    client.resources(DeviceIdentity.class).inNamespace(namespace).resource(Resources.device(namespace, "pump-1", "pumps")).create();
    awaitReason(client, namespace, "pump-1", "Issued");
    assertThat(Files.readString(logB)).contains("leadership acquired instance=replica-b").contains("name=pump-1");
  }

  /** Two operator processes on a fleet of their own: replica-a leads, replica-b stands by. */
  private Replicas startLeaderAndStandby(String prefix) throws Exception {
    LocalControlPlane plane = LocalControlPlane.get().withCrds();
    KubernetesClient client = plane.client();
    String namespace = plane.createNamespace(prefix);
    client.resources(KeyRotationPolicy.class).inNamespace(namespace).resource(Resources.policy(namespace, "standard")).create();
    client.resources(DeviceFleet.class).inNamespace(namespace).resource(Resources.fleet(namespace, "pumps", "standard")).create();
    Path logA = Files.createTempFile("operator-a", ".log");
    Path logB = Files.createTempFile("operator-b", ".log");
    Process a = start(plane, namespace, "replica-a", logA);
    await().atMost(Duration.ofSeconds(60)).until(() -> "replica-a".equals(holder(client, namespace)));
    Process b = start(plane, namespace, "replica-b", logB);
    await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(logB).contains("leader is instance=replica-a"));
    return new Replicas(client, namespace, a, logA, b, logB);
  }

  private record Replicas(KubernetesClient client, String namespace, Process leader, Path leaderLog, Process standby, Path standbyLog) {}

  @AfterEach
  void stop() {
    processes.forEach(Process::destroyForcibly);
  }

  private Process start(LocalControlPlane plane, String namespace, String instance, Path log) throws IOException {
    Process p = OperatorProcess.start(plane, java.util.Map.of(
        "KEYFLEET_NAMESPACE", namespace,
        "KEYFLEET_WATCH_NAMESPACES", namespace,
        "KEYFLEET_INSTANCE", instance,
        "KEYFLEET_LEASE_DURATION", LEASE.toSeconds() + "s",
        "KEYFLEET_RENEW_DEADLINE", "4s",
        "KEYFLEET_RETRY_PERIOD", "1s"), log);
    processes.add(p);
    return p;
  }

  private static String holder(KubernetesClient client, String namespace) {
    Lease lease = client.leases().inNamespace(namespace).withName("keyfleet-operator").get();
    return lease == null ? null : lease.getSpec().getHolderIdentity();
  }

  private static void awaitReason(KubernetesClient client, String namespace, String name, String reason) {
    await().atMost(Duration.ofSeconds(60)).until(() -> {
      DeviceIdentity d = client.resources(DeviceIdentity.class).inNamespace(namespace).withName(name).get();
      return d != null && d.getStatus() != null
          && Conditions.find(d.getStatus().getConditions(), "Ready").map(c -> c.getReason().equals(reason)).orElse(false);
    });
  }
}
