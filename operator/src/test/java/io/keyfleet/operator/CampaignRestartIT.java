package io.keyfleet.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.keyfleet.api.v1alpha1.DeviceFleet;
import io.keyfleet.api.v1alpha1.DeviceIdentity;
import io.keyfleet.api.v1alpha1.UpdateCampaign;
import io.keyfleet.api.v1alpha1.campaign.CampaignPhase;
import io.keyfleet.api.v1alpha1.campaign.FailureAction;
import io.keyfleet.api.v1alpha1.campaign.WaveStatus;
import io.keyfleet.operator.testing.CampaignFixtures;
import io.keyfleet.operator.testing.DeviceSimulator;
import io.keyfleet.operator.testing.LocalControlPlane;
import io.keyfleet.operator.testing.OperatorProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SIGKILL the operator (a separate process, no shutdown hook) in the middle of a wave, start a new
 * one: the campaign ends Succeeded with every device assigned exactly once, every wave run in
 * order, and the manifest's sequence number neither reused nor taken again.
 */
class CampaignRestartIT {
  static final int DEVICES = 150;
  Process operator;

  @AfterEach
  void stop() {
    if (operator != null) {
      operator.destroyForcibly();
    }
  }

  @Test
  void aKilledOperatorNeitherAssignsTwiceNorSkipsAWaveNorReusesASequence() throws Exception {
    LocalControlPlane plane = LocalControlPlane.get().withCrds();
    KubernetesClient client = plane.client();
    String namespace = plane.createNamespace("campaign-restart");
    operator = start(plane, namespace, Files.createTempFile("campaign-restart-first", ".log"));
    CampaignFixtures fixtures = new CampaignFixtures(plane);
    fixtures.pushFirmware(namespace, "2.4.1");
    DeviceSimulator simulator = fixtures.fleetWithDevices(namespace, DEVICES, fixtures.firmwareRepository(namespace), d -> false);
    try {
      // 120 assignments at once, then 2 a second: the last wave runs for a while.
      fixtures.campaign(namespace, "x2-2.4.1", FailureAction.Pause, fixtures.firmwareRepository(namespace),
          c -> c.getSpec().getStrategy().setMaxDevicesPerMinute(120));
      var campaigns = client.resources(UpdateCampaign.class).inNamespace(namespace).withName("x2-2.4.1");
      await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() -> {
        var s = campaigns.get().getStatus();
        return s != null && s.getCurrentWave() != null && s.getCurrentWave() == 2 && s.getWaves().get(2).getAssigned() > 0;
      });
      long sequence = campaigns.get().getStatus().getManifest().getSequence();
      operator.destroyForcibly().waitFor();
      long assignedAtKill = devices(client, namespace).stream().filter(d -> d.getStatus().getUpdate() != null).count();
      System.out.printf("killed the operator with %d of %d devices assigned%n", assignedAtKill, DEVICES);
      assertThat(assignedAtKill).isLessThan(DEVICES);

      operator = start(plane, namespace, Files.createTempFile("campaign-restart-second", ".log"));
      await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
          .until(() -> campaigns.get().getStatus().getPhase() == CampaignPhase.Succeeded);
      await().atMost(Duration.ofMinutes(1)).until(() -> campaigns.get().getStatus().getTotals().getSucceeded() == DEVICES);

      var status = campaigns.get().getStatus();
      assertThat(status.getManifest().getSequence()).as("the same manifest after the restart").isEqualTo(sequence);
      DeviceFleet fleet = client.resources(DeviceFleet.class).inNamespace(namespace).withName("pumps").get();
      assertThat(fleet.getStatus().getSigning().getLastManifestSequence()).as("no sequence number taken again").isEqualTo(sequence);
      List<WaveStatus> waves = status.getWaves();
      assertThat(waves).extracting(WaveStatus::getState).containsOnly(WaveStatus.State.Passed);
      for (WaveStatus w : waves) {
        assertThat(w.getAssigned()).as("wave %d fully assigned", w.getIndex()).isEqualTo(w.getEligible());
      }
      for (int i = 1; i < waves.size(); i++) {
        assertThat(waves.get(i).getStartedAt()).as("wave %d started after wave %d finished", i, i - 1)
            .isGreaterThanOrEqualTo(waves.get(i - 1).getFinishedAt());
      }
      List<DeviceIdentity> devices = devices(client, namespace);
      assertThat(devices).allSatisfy(d -> assertThat(d.getStatus().getUpdate().getSequence()).isEqualTo(sequence));
      assertThat(simulator.reassigned()).as("devices assigned twice").isZero();
    } finally {
      fixtures.close();
    }
  }

  private static List<DeviceIdentity> devices(KubernetesClient client, String namespace) {
    return client.resources(DeviceIdentity.class).inNamespace(namespace).list().getItems();
  }

  private static Process start(LocalControlPlane plane, String namespace, Path log) throws Exception {
    return OperatorProcess.startWatching(plane, namespace, log);
  }
}
